using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>
/// BTCPay loads the plugin next to its own copies of the host assemblies and binds by name and signature,
/// so the plugin must reference the host by the real assembly names and must never ship the stand-ins.
/// </summary>
[Collection(PluginPackageCollection.Name)]
public class PluginAssemblyTests(PluginPackageFixture package)
{
    private static readonly string[] HostAssemblies = ["BTCPayServer", "BTCPayServer.Abstractions", "BTCPayServer.Client", "BTCPayServer.Lightning.Common"];

    [Fact]
    public void References_to_BTCPay_are_the_host_assemblies_by_their_upstream_names()
    {
        var references = ReferencedAssemblyNames(typeof(FlashPlugin).Assembly.Location);

        var btcpayReferences = references.Where(n => n.StartsWith("BTCPayServer", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(HostAssemblies, btcpayReferences);
    }

    [Fact]
    public void Stand_ins_and_host_libraries_are_not_in_the_published_plugin()
    {
        var files = new DirectoryInfo(package.PublishDirectory).GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name).ToList();

        Assert.Contains("BTCPayServer.Plugins.Flash.dll", files);
        foreach (var host in HostAssemblies.Append("NBitcoin"))
            Assert.DoesNotContain(host + ".dll", files);
    }

    /// <summary>
    /// BTCPay hands a plugin the host's copy of any assembly it has, by name and whatever its version (it ships
    /// System.IO.Hashing 6.0.0, for one): a package of the plugin's own would bind to whatever BTCPay happens to ship.
    /// </summary>
    [Fact]
    public void The_published_plugin_depends_on_no_package_of_its_own()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.PublishDirectory, "BTCPayServer.Plugins.Flash.deps.json")));

        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => (l.Name, Type: l.Value.GetProperty("type").GetString()));

        Assert.Equal([("BTCPayServer.Plugins.Flash/1.0.0", "project")], libraries);
    }

    private static List<string> ReferencedAssemblyNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }
}
