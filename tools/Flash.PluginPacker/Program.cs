using Flash.PluginPacker;

// dotnet Flash.PluginPacker.dll <build output folder> <plugin name> <output folder>
// Usually run by the plugin's publish: dotnet publish BTCPayServer.Plugins.Flash -c Release -p:PackBTCPayPlugin=true
if (args.Length != 3)
{
    Console.Error.WriteLine("Usage: Flash.PluginPacker <build output folder> <plugin name> <output folder>");
    Console.Error.WriteLine("Packs a published BTCPay Server plugin as <plugin name>.btcpay, <plugin name>.btcpay.json and SHA256SUMS in the output folder.");
    return 2;
}

try
{
    var packed = PluginPackage.Create(args[0], args[1], args[2]);
    foreach (var file in packed.LeftOut)
        Console.WriteLine($"Left out {file}: BTCPay Server supplies it, and a plugin binds to the host's copy");
    Console.WriteLine($"Packed {packed.Packed.Count} files into {packed.PackagePath}");
    Console.WriteLine($"Wrote {packed.ManifestPath} and {packed.ChecksumsPath}");
    return 0;
}
catch (PackingException e)
{
    Console.Error.WriteLine($"Not packed: {e.Message}");
    return 1;
}
