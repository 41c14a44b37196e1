using System.Net;
using Flash.MockServer.Auth;
using Flash.MockServer.Control;
using Flash.MockServer.GraphQL;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.SystemTextJson;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flash.MockServer.Hosting;

/// <summary>
/// A running mock Flash server on loopback: GraphQL over HTTP and graphql-transport-ws at <c>/graphql</c>,
/// the optional control API at <c>/_mock/</c>, and a demo account with a fresh session.
/// </summary>
public sealed class MockFlashServer : IAsyncDisposable
{
    public const string DemoUsername = "demo";

    private readonly WebApplication _app;

    private MockFlashServer(WebApplication app, MockServices services, Uri baseUri, AccountDescription demo)
    {
        _app = app;
        Services = services;
        BaseUri = baseUri;
        Demo = demo;
    }

    public Uri BaseUri { get; }

    public Uri GraphQLUri => new(BaseUri, "graphql");

    public Uri WebSocketUri => new UriBuilder(GraphQLUri) { Scheme = BaseUri.Scheme == "https" ? "wss" : "ws" }.Uri;

    /// <summary>The demo account and a session token created for it at start-up.</summary>
    public AccountDescription Demo { get; }

    public MockFlashServerOptions Options => Services.Options;

    internal MockServices Services { get; }

    public static async Task<MockFlashServer> StartAsync(MockFlashServerOptions? options = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellation = default)
    {
        options ??= new MockFlashServerOptions();
        var urls = LoopbackUrls(options.Urls);
        var services = await MockServices.CreateAsync(options, cancellation);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(MockFlashServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseUrls(urls);
            builder.Logging.ClearProviders();
            if (logging is null)
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            else
                logging(builder.Logging);

            var app = builder.Build();
            app.UseWebSockets();
            var serializer = new GraphQLSerializer();
            var executor = new OperationExecutor(FlashSchemaFactory.Create(services), new DocumentExecuter(),
                new OperationLimitRule(options.MaxOperationDepth, options.MaxOperationComplexity));
            var http = new GraphQLHttpEndpoint(services, executor, new HttpAuthenticator(services), serializer);
            var sockets = new WebSocketSessionRegistry();
            var stopping = app.Lifetime.ApplicationStopping;
            app.Map("/graphql", context => context.WebSockets.IsWebSocketRequest
                ? AcceptWebSocketAsync(context, executor, services, serializer, sockets, stopping)
                : http.HandleAsync(context));
            if (options.EnableControlApi)
                ControlApi.Map(app, services, sockets);

            await app.StartAsync(cancellation);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var demo = await EnsureDemoAccountAsync(services, cancellation);
            return new MockFlashServer(app, services, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), demo);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates another account (with BTC and USD wallets) and a session for it; a USDT default makes it a cut-over
    /// account, whose USDT wallet holds the money of its legacy USD wallet.
    /// </summary>
    public async Task<AccountDescription> CreateAccountAsync(string? username = null, string defaultWalletCurrency = "USD", CancellationToken cancellation = default)
    {
        var currency = Enum.Parse<WalletCurrency>(defaultWalletCurrency, ignoreCase: true);
        var account = await Services.Accounts.CreateAsync(username ?? "user-" + Guid.NewGuid().ToString("N")[..8], currency, cancellation);
        return await ControlApi.DescribeAsync(Services, account, await Services.Accounts.CreateSessionAsync(account.Id, cancellation), cancellation);
    }

    /// <summary>
    /// Completes once the server has been asked to stop (SIGTERM, SIGINT or Ctrl+C reach it through the host's
    /// console lifetime) and has stopped; open WebSockets are closed with 1001 on the way.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellation = default) => _app.WaitForShutdownAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Services.DisposeAsync();
    }

    private static async Task AcceptWebSocketAsync(HttpContext context, OperationExecutor executor, MockServices services, GraphQLSerializer serializer,
        WebSocketSessionRegistry sockets, CancellationToken serverStopping)
    {
        // Refused before the upgrade: a client that asked for another subprotocol (or none) gets no socket it cannot
        // use, and browsers would fail a handshake that answers without the subprotocol they asked for anyway.
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWebSocketSession.SubProtocol))
        {
            await GraphQLResponses.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, GraphQLResponses.Json, GraphQLWebSocketSession.SubProtocolRequired, "BAD_REQUEST");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(GraphQLWebSocketSession.SubProtocol);
        services.WebSockets.CountConnection();
        var session = new GraphQLWebSocketSession(socket, executor, services, serializer, context.Connection.RemoteIpAddress);
        using (sockets.Register(session))
            await session.RunAsync(context.RequestAborted, serverStopping);
    }

    private static async Task<AccountDescription> EnsureDemoAccountAsync(MockServices services, CancellationToken cancellation)
    {
        var account = await services.Accounts.FindByUsernameAsync(DemoUsername, cancellation)
            ?? await services.Accounts.CreateAsync(DemoUsername, WalletCurrency.USD, cancellation);
        return await ControlApi.DescribeAsync(services, account, await services.Accounts.CreateSessionAsync(account.Id, cancellation), cancellation);
    }

    /// <summary>The mock holds real credentials of its own: it never listens beyond this machine.</summary>
    private static string[] LoopbackUrls(string urls)
    {
        var list = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in list)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"'{url}' is not an http(s) URL", nameof(urls));
            var host = uri.Host.Trim('[', ']');
            if (host != "localhost" && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
                throw new ArgumentException($"The mock server only listens on loopback addresses, not '{uri.Host}'", nameof(urls));
        }
        return list.Length > 0 ? list : throw new ArgumentException("No URL to listen on", nameof(urls));
    }
}
