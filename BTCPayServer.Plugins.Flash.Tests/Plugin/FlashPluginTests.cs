using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.DevHost.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>What BTCPay Server reads from the plugin when it lists, loads and orders plugins.</summary>
public class FlashPluginTests
{
    private readonly IBTCPayServerPlugin _plugin = new FlashPlugin();

    [Fact]
    public void Identifier_is_the_assembly_name_BTCPay_uses_as_the_plugin_id() =>
        Assert.Equal("BTCPayServer.Plugins.Flash", _plugin.Identifier);

    [Fact]
    public void Name_version_and_description_come_from_the_project_file()
    {
        Assert.Equal("Flash", _plugin.Name);
        Assert.Equal(new Version(1, 0, 0), _plugin.Version);
        Assert.Contains("Flash", _plugin.Description, StringComparison.Ordinal);
        Assert.Contains("Lightning", _plugin.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Depends_on_the_net10_line_of_BTCPay_Server()
    {
        var dependency = Assert.Single(_plugin.Dependencies);
        Assert.Equal("BTCPayServer", dependency.Identifier);
        Assert.Equal(">=2.4.0", dependency.Condition);
    }

    [Fact]
    public void Execute_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => _plugin.Execute((IServiceCollection)null!));
    }

    [Fact]
    public void Registered_services_resolve_against_the_host_DataProtection_and_logging()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("BTCPay Server");
        using var settings = new TemporaryDirectory();
        services.AddSingleton<ISettingsRepository>(new FileSettingsRepository(settings.Path));
        _plugin.Execute(services);
        // ValidateOnBuild throws unless every registered service can be built from what the host provides.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var protector = provider.GetRequiredService<ApiTokenProtector>();
        var token = FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate());
        Assert.Equal(token.Value, protector.Unprotect(protector.Protect(token), "test").Value);
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(FlashHttpClient.Name);
        Assert.Contains("BTCPayServer.Plugins.Flash", client.DefaultRequestHeaders.UserAgent.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adds_the_settings_page_to_the_store_navigation_and_the_lightning_setup_custom_node_tab()
    {
        var services = new ServiceCollection();
        _plugin.Execute(services);
        using var provider = services.BuildServiceProvider();

        var extensions = provider.GetServices<IUIExtension>().Select(e => (e.Location, e.Partial)).ToList();

        Assert.Contains(("store-integrations-nav", "Flash/StoreIntegrationsNav"), extensions);
        // Under the custom node's connection string field, where BTCPay renders it: no script has to move it there.
        Assert.Contains(("ln-payment-method-setup-custom", "Flash/LNPaymentMethodSetupCustom"), extensions);
        Assert.DoesNotContain(extensions, e => e.Location is "ln-payment-method-setup-tab" or "ln-payment-method-setup-tabhead");
    }
}
