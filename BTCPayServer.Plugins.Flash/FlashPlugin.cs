using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Abstractions.Models;
using Microsoft.Extensions.DependencyInjection;

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

    public override void Execute(IServiceCollection applicationBuilder)
    {
        ArgumentNullException.ThrowIfNull(applicationBuilder);
    }
}
