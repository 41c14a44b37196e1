using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>
/// BTCPay loads the plugin next to its own copies of the host assemblies and binds by name and signature,
/// so the plugin must reference the host by the real assembly names and must never ship the stand-ins.
/// </summary>
public class PluginAssemblyTests
{
    private static readonly string[] HostAssemblies = ["BTCPayServer.Abstractions", "BTCPayServer.Lightning.Common"];

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
        var output = Directory.CreateTempSubdirectory("flash-publish-");
        try
        {
            var project = Repository.PathOf("BTCPayServer.Plugins.Flash", "BTCPayServer.Plugins.Flash.csproj");
            RunDotnet("publish", project, "--no-build", "--no-restore", "-c", Repository.Configuration, "-o", output.FullName, "-nodeReuse:false");

            var files = output.GetFiles("*", SearchOption.AllDirectories).Select(f => f.Name).ToList();
            Assert.Contains("BTCPayServer.Plugins.Flash.dll", files);
            foreach (var host in HostAssemblies.Append("NBitcoin"))
                Assert.DoesNotContain(host + ".dll", files);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static List<string> ReferencedAssemblyNames(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }

    private static void RunDotnet(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet publish did not finish in time");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{stdout.Result}\n{stderr.Result}");
    }
}
