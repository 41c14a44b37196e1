using System.Reflection;
using System.Text.Json;
using BTCPayServer.Abstractions.Contracts;

namespace Flash.PluginPacker;

/// <summary>
/// The <c>{name}.btcpay.json</c> of a package: the plugin object itself, created as BTCPay creates it and serialised
/// as BTCPay's packer serialises it (System.Text.Json, default options, as <see cref="IBTCPayServerPlugin"/>: Identifier,
/// Name, Version, Description, SystemPlugin, Dependencies).
/// </summary>
internal static class PluginManifest
{
    public static string Read(string mainAssemblyPath, string name)
    {
        var assembly = new PluginLoadContext(mainAssemblyPath).LoadPlugin();
        var plugins = PluginTypes(assembly)
            .Select(type => (IBTCPayServerPlugin)Activator.CreateInstance(type)!)
            .ToList();
        if (plugins.Count == 0)
            throw new PackingException($"{Path.GetFileName(mainAssemblyPath)} holds no BTCPay Server plugin (no public class implementing IBTCPayServerPlugin): is this the plugin's build output?");
        var plugin = plugins.FirstOrDefault(p => p.Identifier == name)
            ?? throw new PackingException($"The plugin in {Path.GetFileName(mainAssemblyPath)} identifies itself as {plugins[0].Identifier}, not {name}: BTCPay Server loads a plugin only from plugins/<Identifier>/<Identifier>.dll, so pack it under its identifier");
        return JsonSerializer.Serialize(plugin);
    }

    /// <summary>
    /// Every type must load, as BTCPay requires before it runs a plugin: a type that does not names a dependency missing
    /// from the build output and from the host.
    /// </summary>
    private static IEnumerable<Type> PluginTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var reasons = e.LoaderExceptions.Select(l => l?.Message).OfType<string>().Distinct().Take(3);
            throw new PackingException($"Some of the plugin's types cannot be loaded, so BTCPay Server would disable it: {string.Join(" ", reasons)}");
        }
        return types.Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBTCPayServerPlugin).IsAssignableFrom(t));
    }
}
