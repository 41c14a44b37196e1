namespace Flash.PluginPacker;

/// <summary>
/// Assemblies BTCPay Server supplies to every plugin, which a package must not carry. BTCPay loads plugins with shared
/// types preferred: an assembly the host has is taken from the host by name, whatever version the plugin carries, so
/// a packed copy is never used and a stand-in from compat/ would only mislead. Families by name: BTCPay's own
/// (BTCPayServer, BTCPayServer.*, other than the plugin itself) and those of the packages BTCPay 03345c2 references,
/// directly or through EF Core and its storage providers.
/// </summary>
internal static class HostAssemblies
{
    private const string BTCPayServer = "BTCPayServer";

    private static readonly string[] PackageFamilies =
    [
        "NBitcoin",
        "NBXplorer",
        "Newtonsoft.Json",
        "Microsoft.AspNetCore",
        "Microsoft.Extensions",
        "Microsoft.EntityFrameworkCore",
        "Npgsql",
        "System.IO.Hashing",
    ];

    /// <summary>True when BTCPay supplies the assembly named <paramref name="assemblyName"/> to the plugin.</summary>
    public static bool Supplies(string assemblyName, string pluginIdentifier)
    {
        if (string.Equals(assemblyName, pluginIdentifier, StringComparison.OrdinalIgnoreCase))
            return false;
        return InFamily(assemblyName, BTCPayServer) || PackageFamilies.Any(family => InFamily(assemblyName, family));
    }

    /// <summary>
    /// The assembly a file of the build output belongs to (its .dll, .pdb, .xml or satellite .resources.dll), or null
    /// for files that are not an assembly's (deps.json, runtimeconfig.json, static web assets).
    /// </summary>
    public static string? AssemblyOf(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (!extension.Equals(".dll", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".pdb", StringComparison.OrdinalIgnoreCase)
            && !extension.Equals(".xml", StringComparison.OrdinalIgnoreCase))
            return null;
        var name = Path.GetFileNameWithoutExtension(fileName);
        const string satellite = ".resources";
        return name.EndsWith(satellite, StringComparison.OrdinalIgnoreCase) ? name[..^satellite.Length] : name;
    }

    private static bool InFamily(string assemblyName, string family) =>
        assemblyName.Equals(family, StringComparison.OrdinalIgnoreCase)
        || assemblyName.StartsWith(family + ".", StringComparison.OrdinalIgnoreCase);
}
