using System.Reflection;
using BTCPayServer.Abstractions.Contracts;

namespace Flash.DevHost;

/// <summary>
/// Finds the plugin in its assembly the way BTCPay Server does: every concrete <see cref="IBTCPayServerPlugin"/>
/// it exports, created through its parameterless constructor.
/// </summary>
internal static class PluginLoader
{
    public static IReadOnlyList<IBTCPayServerPlugin> LoadFrom(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBTCPayServerPlugin).IsAssignableFrom(t))
            .Select(t => (IBTCPayServerPlugin)Activator.CreateInstance(t)!)
            .ToList();
}
