using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Abstractions.Models;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.DevHost.Hosting;
using Flash.MockServer.Auth;
using Flash.PluginPacker;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>
/// What a BTCPay admin uploads: the package the documented command writes, read as BTCPay reads it, and the plugin
/// loaded from it the way BTCPay loads plugins, beside the host's own assemblies.
/// </summary>
[Collection(PluginPackageCollection.Name)]
public class PluginPackageTests(PluginPackageFixture package)
{
    [Fact]
    public void The_command_writes_the_package_its_manifest_and_SHA256SUMS_under_the_names_BTCPay_installs()
    {
        Assert.Equal(
            ["BTCPayServer.Plugins.Flash.btcpay", "BTCPayServer.Plugins.Flash.btcpay.json", "SHA256SUMS"],
            Directory.GetFiles(package.PackageDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"Packed 4 files into {package.PackagePath}", package.PackOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void SHA256SUMS_holds_the_hash_of_the_manifest_and_of_the_package_as_sha256sum_writes_them()
    {
        var lines = File.ReadAllLines(package.ChecksumsPath);

        Assert.Equal(
            [$"{Sha256(package.ManifestPath)}  BTCPayServer.Plugins.Flash.btcpay.json", $"{Sha256(package.PackagePath)}  BTCPayServer.Plugins.Flash.btcpay"],
            lines);
    }

    [Fact]
    public void The_manifest_is_the_plugin_object_serialised_as_BTCPay_serialises_it()
    {
        IBTCPayServerPlugin plugin = new FlashPlugin();
        var text = File.ReadAllText(package.ManifestPath);
        using var manifest = JsonDocument.Parse(text);
        var root = manifest.RootElement;

        Assert.Equal(["Identifier", "Name", "Version", "Description", "SystemPlugin", "Dependencies"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(plugin.Identifier, root.GetProperty("Identifier").GetString());
        Assert.Equal(plugin.Name, root.GetProperty("Name").GetString());
        Assert.Equal("1.0.0", root.GetProperty("Version").GetString());
        Assert.Equal(plugin.Version, Version.Parse(root.GetProperty("Version").GetString()!));
        Assert.Equal(plugin.Description, root.GetProperty("Description").GetString());
        Assert.False(root.GetProperty("SystemPlugin").GetBoolean());
        var dependency = Assert.Single(root.GetProperty("Dependencies").EnumerateArray());
        Assert.Equal("BTCPayServer", dependency.GetProperty("Identifier").GetString());
        Assert.Equal(">=2.4.0", dependency.GetProperty("Condition").GetString());
        Assert.Equal(JsonSerializer.Serialize(plugin), text);
    }

    [Fact]
    public void The_package_holds_the_plugin_at_its_root_and_nothing_BTCPay_or_the_stand_ins_supply()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        string[] hostFamilies =
        [
            "BTCPayServer.dll", "BTCPayServer.pdb", "BTCPayServer.Abstractions.", "BTCPayServer.Lightning.", "NBitcoin", "Newtonsoft.Json", "Microsoft.AspNetCore.",
            typeof(LightMoney).Assembly.GetName().Name + ".", typeof(BaseBTCPayServerPlugin).Assembly.GetName().Name + ".",
        ];

        Assert.Equal(["BTCPayServer.Plugins.Flash.dll"], entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)));
        Assert.All(entries, e => Assert.StartsWith("BTCPayServer.Plugins.Flash.", e, StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => hostFamilies.Any(family => e.StartsWith(family, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void The_installed_plugin_loads_beside_the_host_s_assemblies_and_its_handler_makes_a_Flash_client()
    {
        var context = new PluginLoadContext(Path.Combine(package.InstalledDirectory, "BTCPayServer.Plugins.Flash.dll"));
        var assembly = context.LoadPlugin();
        var pluginType = Assert.Single(assembly.GetTypes(), t => t is { IsAbstract: false } && typeof(IBTCPayServerPlugin).IsAssignableFrom(t));
        var plugin = (IBTCPayServerPlugin)Activator.CreateInstance(pluginType)!;
        Assert.NotEqual(typeof(FlashPlugin), pluginType);
        Assert.StartsWith(package.InstalledDirectory + Path.DirectorySeparatorChar, assembly.Location, StringComparison.Ordinal);

        using var keys = new TemporaryDirectory();
        using var settings = new TemporaryDirectory();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("BTCPay Server").PersistKeysToFileSystem(new DirectoryInfo(keys.Path));
        services.AddSingleton<ISettingsRepository>(new FileSettingsRepository(settings.Path));
        plugin.Execute(services);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var handler = Assert.Single(provider.GetServices<ILightningConnectionStringHandler>());
        Assert.Same(assembly, handler.GetType().Assembly);
        var client = handler.Create($"type=flash;server=https://api.flashapp.me/graphql;api-token={FlashTokenFormat.Generate()}", Network.Main, out var error);

        Assert.Null(error);
        Assert.NotNull(client);
        Assert.Same(assembly, client.GetType().Assembly);
        // Everything else the plugin needed (BTCPay's contracts, NBitcoin, ASP.NET Core) came from the host.
        Assert.Equal([assembly], context.Assemblies);
    }

    /// <summary>
    /// BTCPay prefers shared types: a plugin folder that carries its own copy of a host assembly still gets the host's,
    /// so the plugin and BTCPay agree on what an <see cref="IBTCPayServerPlugin"/> is.
    /// </summary>
    [Fact]
    public void A_host_assembly_beside_the_plugin_is_taken_from_the_host_as_BTCPay_does()
    {
        using var folder = new TemporaryDirectory();
        foreach (var file in Directory.GetFiles(package.InstalledDirectory))
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        var abstractions = typeof(IBTCPayServerPlugin).Assembly;
        File.Copy(abstractions.Location, Path.Combine(folder.Path, Path.GetFileName(abstractions.Location)));

        var context = new PluginLoadContext(Path.Combine(folder.Path, "BTCPayServer.Plugins.Flash.dll"));
        var pluginType = Assert.Single(context.LoadPlugin().GetTypes(), t => t is { IsAbstract: false } && t.GetInterface(nameof(IBTCPayServerPlugin)) is not null);

        Assert.Same(typeof(IBTCPayServerPlugin), pluginType.GetInterface(nameof(IBTCPayServerPlugin)));
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == abstractions.GetName().Name);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
