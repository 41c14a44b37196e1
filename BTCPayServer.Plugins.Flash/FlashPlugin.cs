using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Abstractions.Models;
using BTCPayServer.Abstractions.Services;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Checkout;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BTCPayServer.Plugins.Flash;

/// <summary>
/// Entry point BTCPay Server discovers in the plugin assembly. Identifier, name, version and description
/// come from the assembly (see the project file), as for every BTCPay plugin.
/// </summary>
public sealed class FlashPlugin : BaseBTCPayServerPlugin
{
    /// <summary>The first BTCPay Server line built on net10.0.</summary>
    public const string MinimumBTCPayVersion = ">=2.4.0";

    public override IBTCPayServerPlugin.PluginDependency[] Dependencies { get; } =
    [
        new() { Identifier = nameof(BTCPayServer), Condition = MinimumBTCPayVersion },
    ];

    /// <summary>
    /// Registers the plugin's services. DataProtection is BTCPay's own (the plugin only asks it for a protector
    /// with its purpose), and HTTP goes through one named, pooled client.
    /// </summary>
    public override void Execute(IServiceCollection applicationBuilder)
    {
        ArgumentNullException.ThrowIfNull(applicationBuilder);
        var services = applicationBuilder;
        services.TryAddSingleton(TimeProvider.System);
        var userAgent = $"BTCPayServer.Plugins.Flash/{Version}";
        // No redirects: the server a store names passed BTCPay's address rule, where a redirect would lead did not.
        services.AddHttpClient(FlashHttpClient.Name, client => client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        // BTCPay's Tor setting (socksendpoint), read as BTCPay reads it; onion servers go only through it.
        services.AddOptions<FlashTorOptions>().Configure<IServiceProvider>((tor, provider) =>
            tor.SocksEndpoint ??= provider.GetService<IConfiguration>()?[FlashTorOptions.ConfigurationKey]);
        services.AddHttpClient(FlashTransports.TorHttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent))
            .ConfigurePrimaryHttpMessageHandler(provider => FlashTransports.TorHandler(provider.GetRequiredService<IOptions<FlashTorOptions>>().Value));
        services.AddSingleton<FlashTransports>();
        services.AddSingleton<FlashServerPolicy>();
        services.AddSingleton<ApiTokenProtector>();
        services.AddSingleton<ApiTokenProvisioner>();
        services.AddSingleton<ApiTokenAdministration>();
        // As BTCPay's own lightning plugins register theirs: one instance, found through the handler contract.
        services.AddOptions<FlashConnectionsOptions>();
        // Checkouts outlive Flash's 60-second invoices: BTCPay's invoice services, unless the host supplies its own.
        services.TryAddSingleton<IFlashCheckouts, BTCPayCheckouts>();
        services.AddSingleton<FlashCheckoutRenewal>();
        services.AddSingleton<FlashConnections>();
        services.AddSingleton<FlashConnectionStringHandler>();
        services.AddSingleton<ILightningConnectionStringHandler>(provider => provider.GetRequiredService<FlashConnectionStringHandler>());
        AddStoreSettings(services);
    }

    /// <summary>
    /// The store owner's side: the Flash settings page (its controller is found in the plugin assembly), the
    /// per-store connection kept in BTCPay's settings, and the two places BTCPay's pages link to it.
    /// </summary>
    private static void AddStoreSettings(IServiceCollection services)
    {
        services.AddOptions<FlashStoreSettingsOptions>();
        services.AddSingleton<FlashStoreConnectionRepository>();
        services.AddSingleton<FlashAccountProbe>();
        services.AddSingleton<FlashCapabilityProbe>();
        services.AddSingleton<FlashStoreConnector>();
        // BTCPay's AddUIExtension lives in BTCPayServer.dll, which the plugin does not reference; it does exactly this.
#pragma warning disable CS0618
        services.AddSingleton<IUIExtension>(new UIExtension("Flash/StoreIntegrationsNav", "store-integrations-nav"));
        // Under the custom node's connection string field: plain markup where BTCPay's page asks for it, no script.
        services.AddSingleton<IUIExtension>(new UIExtension("Flash/LNPaymentMethodSetupCustom", "ln-payment-method-setup-custom"));
#pragma warning restore CS0618
    }
}
