using System.IO.Compression;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.PluginPacker;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>
/// The packer's rule for what BTCPay supplies, and what it says when it cannot pack. It runs as a person runs it
/// (<c>dotnet Flash.PluginPacker.dll build-output name output</c>) on copies of the plugin's publish output.
/// </summary>
[Collection(PluginPackageCollection.Name)]
public class PluginPackerTests(PluginPackageFixture package)
{
    private const string Identifier = PluginPackageFixture.Identifier;

    [Theory]
    [InlineData("BTCPayServer", true)]
    [InlineData("BTCPayServer.Abstractions", true)]
    [InlineData("BTCPayServer.Lightning.Common", true)]
    [InlineData("BTCPayServer.Client", true)]
    [InlineData("BTCPayServer.Plugins.Other", true)]
    [InlineData("NBitcoin", true)]
    [InlineData("NBitcoin.Secp256k1", true)]
    [InlineData("NBXplorer.Client", true)]
    [InlineData("Newtonsoft.Json", true)]
    [InlineData("Microsoft.AspNetCore.Mvc.NewtonsoftJson", true)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", true)]
    [InlineData("Microsoft.EntityFrameworkCore", true)]
    [InlineData("Npgsql", true)]
    [InlineData("System.IO.Hashing", true)]
    [InlineData(Identifier, false)]
    [InlineData("BTCPayServerTools", false)]
    [InlineData("NBitcoinCompanion", false)]
    [InlineData("GraphQL", false)]
    [InlineData("QRCoder", false)]
    public void BTCPay_supplies_its_own_assemblies_and_those_of_its_packages_never_the_plugin_itself(string assembly, bool supplied) =>
        Assert.Equal(supplied, HostAssemblies.Supplies(assembly, Identifier));

    [Theory]
    [InlineData("BTCPayServer.dll", "BTCPayServer")]
    [InlineData("NBitcoin.pdb", "NBitcoin")]
    [InlineData("Newtonsoft.Json.xml", "Newtonsoft.Json")]
    [InlineData("BTCPayServer.Abstractions.resources.dll", "BTCPayServer.Abstractions")]
    [InlineData("BTCPayServer.Plugins.Flash.deps.json", null)]
    [InlineData("BTCPayServer.Plugins.Flash.staticwebassets.endpoints.json", null)]
    public void A_file_belongs_to_the_assembly_it_is_named_after(string file, string? assembly) =>
        Assert.Equal(assembly, HostAssemblies.AssemblyOf(file));

    [Fact]
    public void Host_assemblies_and_stand_ins_in_the_build_output_are_left_out_each_with_a_line_saying_why()
    {
        using var work = new TemporaryDirectory();
        var build = CopyOfThePublishOutput(work);
        // The stand-ins this build compiles against, and BTCPay's own assembly under its name, as a build that copied
        // host references locally would leave them.
        foreach (var host in new[] { "BTCPayServer.Abstractions.dll", "BTCPayServer.Lightning.Common.dll", "NBitcoin.dll" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, host), Path.Combine(build, host));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "BTCPayServer.Abstractions.dll"), Path.Combine(build, "BTCPayServer.dll"));
        var output = Path.Combine(work.Path, "package");

        var printed = DotnetCli.Run(Packer, build, Identifier, output);

        foreach (var host in new[] { "BTCPayServer.Abstractions.dll", "BTCPayServer.dll", "BTCPayServer.Lightning.Common.dll", "NBitcoin.dll" })
            Assert.Contains($"Left out {host}: BTCPay Server supplies it, and a plugin binds to the host's copy", printed, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(Path.Combine(output, Identifier + ".btcpay"));
        Assert.Equal(Directory.GetFiles(package.PublishDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_without_the_plugin_is_not_packed_and_the_packer_says_what_to_give()
    {
        using var work = new TemporaryDirectory();
        var build = Directory.CreateDirectory(Path.Combine(work.Path, "build")).FullName;

        var result = DotnetCli.Execute(Packer, build, Identifier, Path.Combine(work.Path, "package"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Not packed: {Identifier}.dll is not in {build}: give the plugin's name as its assembly is named, and the folder its publish wrote\n", result.Error);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "package")));
    }

    [Fact]
    public void A_plugin_packed_under_another_name_than_its_identifier_is_refused_because_BTCPay_would_not_load_it()
    {
        using var work = new TemporaryDirectory();
        var build = Directory.CreateDirectory(Path.Combine(work.Path, "build")).FullName;
        File.Copy(Path.Combine(package.PublishDirectory, Identifier + ".dll"), Path.Combine(build, "Flash.dll"));

        var result = DotnetCli.Execute(Packer, build, "Flash", Path.Combine(work.Path, "package"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Not packed: The plugin in Flash.dll identifies itself as {Identifier}, not Flash: BTCPay Server loads a plugin only from plugins/<Identifier>/<Identifier>.dll, so pack it under its identifier\n", result.Error);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "package")));
    }

    [Fact]
    public void An_output_folder_inside_the_build_output_is_refused()
    {
        using var work = new TemporaryDirectory();
        var build = CopyOfThePublishOutput(work);

        var result = DotnetCli.Execute(Packer, build, Identifier, Path.Combine(build, "package"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"Not packed: The output folder {Path.Combine(build, "package")} is inside the build output {build}: the package would contain itself; choose another folder\n", result.Error);
    }

    [Fact]
    public void Without_its_three_arguments_the_packer_says_how_to_run_it()
    {
        var result = DotnetCli.Execute(Packer, "only-one");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Usage: Flash.PluginPacker <build output folder> <plugin name> <output folder>\n", result.Error, StringComparison.Ordinal);
    }

    private static string Packer => Path.Combine(AppContext.BaseDirectory, "Flash.PluginPacker.dll");

    private string CopyOfThePublishOutput(TemporaryDirectory work)
    {
        var build = Directory.CreateDirectory(Path.Combine(work.Path, "build")).FullName;
        foreach (var file in Directory.GetFiles(package.PublishDirectory))
            File.Copy(file, Path.Combine(build, Path.GetFileName(file)));
        return build;
    }
}
