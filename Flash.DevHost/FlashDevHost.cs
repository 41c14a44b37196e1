using BTCPayServer.Abstractions.Constants;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Plugins.Flash;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Controllers;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Flash.DevHost.Checkout;
using Flash.DevHost.Hosting;
using Flash.DevHost.Store;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using NBitcoin;

namespace Flash.DevHost;

/// <summary>
/// BTCPay Server reduced to what the plugin touches: it loads the plugin through <see cref="IBTCPayServerPlugin"/>
/// (services, then the plugin assembly as an MVC application part for its controller and views), and supplies
/// DataProtection (a file key ring), a settings repository, signed-in store users with BTCPay's store policies, BTCPay's
/// content security policy, a Bootstrap layout with BTCPay's UI extension points and navigation tag helpers, a demo
/// store with its Lightning setup, checkout and LNURL-pay, and, unless told to use another Flash server, the embedded
/// mock Flash server with a demo account.
/// </summary>
public sealed class FlashDevHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FlashDevHost(WebApplication app, MockFlashServer? mock, Uri baseUri, Uri flashServer)
    {
        _app = app;
        Mock = mock;
        BaseUri = baseUri;
        FlashServer = flashServer;
    }

    /// <summary>The dev host's own address (with a trailing slash).</summary>
    public Uri BaseUri { get; }

    /// <summary>The Flash GraphQL endpoint the settings page suggests: the mock's, or <c>--flash-server</c>.</summary>
    public Uri FlashServer { get; }

    /// <summary>The embedded mock, or null when a real Flash server is used.</summary>
    public MockFlashServer? Mock { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Where the store owner manages Flash.</summary>
    public Uri SettingsUri => new(BaseUri, $"plugins/{DemoStore.DemoId}/flash");

    public static async Task<FlashDevHost> StartAsync(DevHostOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = Directory.CreateDirectory(options.StateDirectory);
        MockFlashServer? mock = null;
        if (options.FlashServer is null)
        {
            var mockOptions = new MockFlashServerOptions
            {
                Urls = options.MockUrls,
                DatabasePath = options.MockDatabasePath ?? Path.Combine(state.FullName, "flash-mock.db"),
                EnableControlApi = true,
            };
            mockOptions.ApplyProfile(options.MockProfile);
            options.ConfigureMock?.Invoke(mockOptions);
            mock = await MockFlashServer.StartAsync(mockOptions, options.Logging, cancellation);
        }
        try
        {
            var flashServer = options.FlashServer ?? mock!.GraphQLUri;
            var network = mock is null ? Network.Main : Bitcoin.Instance.GetNetwork(mock.Options.Network);
            var app = Build(options, state, flashServer, network, mock);
            await app.StartAsync(cancellation);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new FlashDevHost(app, mock, new Uri(address.TrimEnd('/') + "/"), flashServer);
        }
        catch
        {
            if (mock is not null)
                await mock.DisposeAsync();
            throw;
        }
    }

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Mock is not null)
            await Mock.DisposeAsync();
    }

    private static WebApplication Build(DevHostOptions options, DirectoryInfo state, Uri flashServer, Network network, MockFlashServer? mock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FlashDevHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        if (options.Logging is { } logging)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        var services = builder.Services;
        // What BTCPay supplies to every plugin.
        services.AddDataProtection().SetApplicationName("BTCPay Server").PersistKeysToFileSystem(state.CreateSubdirectory("keys"));
        ISettingsRepository settings = new FileSettingsRepository(Path.Combine(state.FullName, "settings"));
        services.AddSingleton(options.WrapSettings is { } wrap ? wrap(settings) : settings);
        services.AddHttpContextAccessor();
        services.AddAuthentication(AuthenticationSchemes.Cookie)
            .AddCookie(AuthenticationSchemes.Cookie, cookie =>
            {
                cookie.LoginPath = DevSignIn.LoginPath;
                cookie.Cookie.Name = ".FlashDevHost.Owner";
                // No access-denied page here: another store's page is simply forbidden.
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddSingleton<IAuthorizationHandler, StorePermissionAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(UIFlashController.CanModifyStoreSettings, policy => policy
                .AddAuthenticationSchemes(AuthenticationSchemes.Cookie)
                .RequireAuthenticatedUser()
                .AddRequirements(new StorePermissionRequirement(UIFlashController.CanModifyStoreSettings)))
            .AddPolicy(DevSignIn.CanViewStoreSettings, policy => policy
                .AddAuthenticationSchemes(AuthenticationSchemes.Cookie)
                .RequireAuthenticatedUser()
                .AddRequirements(new StorePermissionRequirement(DevSignIn.CanViewStoreSettings)))
            .AddPolicy(FlashServerPolicy.CanModifyServerSettings, policy => policy
                .AddAuthenticationSchemes(AuthenticationSchemes.Cookie)
                .RequireClaim(DevSignIn.ServerAdminClaim));
        // BTCPay's content security policy on every page, the plugin's included.
        var mvc = services.AddControllersWithViews(o => o.Filters.Add(new ContentSecurityPolicyFilter()));

        // BTCPay's invoices, as far as the plugin sees them: checkouts it can renew, and a lightning listener for the store.
        services.AddSingleton<DemoCheckouts>();
        services.AddSingleton<BTCPayServer.Plugins.Flash.Checkout.IFlashCheckouts>(provider => provider.GetRequiredService<DemoCheckouts>());
        services.AddHostedService<DemoCheckoutListener>();

        // The plugin, loaded as BTCPay loads it.
        var plugins = PluginLoader.LoadFrom(typeof(FlashPlugin).Assembly);
        foreach (var plugin in plugins)
        {
            plugin.Execute(services);
            mvc.AddApplicationPart(plugin.GetType().Assembly);
        }
        services.Configure<FlashStoreSettingsOptions>(o => o.DefaultServer = flashServer);
        // The embedded mock runs on this machine, and the dev host's owner administers the server.
        services.Configure<FlashConnectionsOptions>(o => o.ValidateLocalServers = true);

        // The demo store.
        services.AddSingleton(network);
        services.AddSingleton<DemoStoreLightning>();
        if (mock is not null)
            services.AddHttpClient<MockWallet>().AddTypedClient((http, _) => new MockWallet(http, mock.BaseUri));

        var app = builder.Build();
        foreach (var plugin in plugins)
            plugin.Execute(app, app.Services);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "lib")),
            RequestPath = "/lib",
        });
        // The dev host's own scripts and icons (wwwroot, copied to the output): what BTCPay's pages load from its site.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
        });
        // Every page of the dev host is about its one store, as BTCPay's store pages are about the current store.
        app.Use((context, next) =>
        {
            context.Items[CurrentStore.ItemKey] = DemoStore.Instance;
            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        DevSignIn.Map(app);
        app.MapControllers();
        return app;
    }
}
