using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Flash.PluginPacker;

/// <summary>
/// Writes what BTCPay Server installs: <c>{name}.btcpay</c> (a zip of the plugin's build output, files at its root, as
/// BTCPay extracts it into <c>plugins/{name}/</c>), <c>{name}.btcpay.json</c> (the manifest) and <c>SHA256SUMS</c> (both
/// files' SHA-256, in the format <c>sha256sum -c</c> reads). Assemblies the host supplies are left out.
/// </summary>
internal static class PluginPackage
{
    public const string Extension = ".btcpay";

    public static PackedPlugin Create(string buildOutput, string name, string outputDirectory)
    {
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(buildOutput));
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        if (!Directory.Exists(source))
            throw new PackingException($"The build output folder {source} does not exist: publish the plugin first (dotnet publish -c Release)");
        if (target == source || target.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new PackingException($"The output folder {target} is inside the build output {source}: the package would contain itself; choose another folder");
        var mainAssembly = Path.Combine(source, name + ".dll");
        if (!File.Exists(mainAssembly))
            throw new PackingException($"{name}.dll is not in {source}: give the plugin's name as its assembly is named, and the folder its publish wrote");

        var manifest = PluginManifest.Read(mainAssembly, name);
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var leftOut = files.Where(f => HostAssemblies.AssemblyOf(Path.GetFileName(f)) is { } assembly && HostAssemblies.Supplies(assembly, name)).ToList();
        var packed = files.Except(leftOut).ToList();

        Directory.CreateDirectory(target);
        var package = Path.Combine(target, name + Extension);
        var manifestFile = package + ".json";
        var sums = Path.Combine(target, "SHA256SUMS");
        WriteReplacing(package, stream => WriteZip(stream, source, packed));
        var manifestBytes = Encoding.UTF8.GetBytes(manifest);
        WriteReplacing(manifestFile, stream => stream.Write(manifestBytes));
        var sumsText = $"{Sha256Hex(manifestBytes)}  {Path.GetFileName(manifestFile)}\n{Sha256Hex(File.ReadAllBytes(package))}  {Path.GetFileName(package)}\n";
        WriteReplacing(sums, stream => stream.Write(Encoding.ASCII.GetBytes(sumsText)));
        return new PackedPlugin(package, manifestFile, sums, packed, leftOut);
    }

    private static void WriteZip(Stream stream, string source, IEnumerable<string> files)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in files)
            zip.CreateEntryFromFile(Path.Combine(source, file), file, CompressionLevel.Optimal);
    }

    /// <summary>Written beside, then moved over: an interrupted run leaves the previous file, never half of one.</summary>
    private static void WriteReplacing(string path, Action<Stream> write)
    {
        var partial = path + ".partial";
        using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            write(stream);
        File.Move(partial, path, overwrite: true);
    }

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
