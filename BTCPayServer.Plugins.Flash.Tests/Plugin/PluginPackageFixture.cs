using System.IO.Compression;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>
/// The plugin packed once for the tests that read it, with the documented command on this build's output
/// (<c>dotnet publish --no-build -p:PackBTCPayPlugin=true</c>), then installed as BTCPay installs an upload: the
/// package extracted into <c>plugins/{Identifier}/</c>.
/// </summary>
public sealed class PluginPackageFixture : IDisposable
{
    public const string Identifier = "BTCPayServer.Plugins.Flash";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("flash-package-");

    public PluginPackageFixture()
    {
        PublishDirectory = Path.Combine(_root.FullName, "publish");
        PackageDirectory = Path.Combine(_root.FullName, "package");
        InstalledDirectory = Path.Combine(_root.FullName, "plugins", Identifier);
        PackOutput = DotnetCli.Run("publish", Repository.PathOf("BTCPayServer.Plugins.Flash", "BTCPayServer.Plugins.Flash.csproj"),
            "--no-build", "--no-restore", "-c", Repository.Configuration, "-o", PublishDirectory, "-nodeReuse:false",
            "-p:PackBTCPayPlugin=true", $"-p:BTCPayPluginPackageDir={PackageDirectory}/");
        ZipFile.ExtractToDirectory(PackagePath, InstalledDirectory, overwriteFiles: true);
    }

    /// <summary>The plugin's publish output, what the package is made of.</summary>
    public string PublishDirectory { get; }

    /// <summary>Where the command wrote the package, its manifest and SHA256SUMS.</summary>
    public string PackageDirectory { get; }

    /// <summary>The package as BTCPay extracts it: <c>plugins/BTCPayServer.Plugins.Flash/</c>.</summary>
    public string InstalledDirectory { get; }

    /// <summary>What the command printed.</summary>
    public string PackOutput { get; }

    public string PackagePath => Path.Combine(PackageDirectory, Identifier + ".btcpay");

    public string ManifestPath => Path.Combine(PackageDirectory, Identifier + ".btcpay.json");

    public string ChecksumsPath => Path.Combine(PackageDirectory, "SHA256SUMS");

    public void Dispose() => _root.Delete(recursive: true);
}

/// <summary>The tests that read the packed plugin share one packing (and one publish of this build's output).</summary>
[CollectionDefinition(Name)]
public sealed class PluginPackageCollection : ICollectionFixture<PluginPackageFixture>
{
    public const string Name = "Packed plugin";
}
