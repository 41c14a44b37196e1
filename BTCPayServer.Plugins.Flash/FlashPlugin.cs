using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Abstractions.Models;
using BTCPayServer.Plugins.Flash.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddHttpClient(FlashHttpClient.Name, client => client.DefaultRequestHeaders.UserAgent.ParseAdd($"BTCPayServer.Plugins.Flash/{Version}"));
        services.AddSingleton<ApiTokenProtector>();
        services.AddSingleton<ApiTokenProvisioner>();
        services.AddSingleton<ApiTokenAdministration>();
    }
}
