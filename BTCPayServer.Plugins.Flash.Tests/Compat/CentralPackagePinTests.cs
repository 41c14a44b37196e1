using System.Xml.Linq;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>
/// With the BTCPay submodule checked out, the central pins (Directory.Packages.props, transitive pinning on) also
/// decide the versions of BTCPay's own packages in this repository's projects: a pin below what BTCPay resolves is a
/// downgrade, and restore fails (NU1109). The versions BTCPay resolves are recorded in compat/upstream-surface.
/// </summary>
public class CentralPackagePinTests
{
    [Fact]
    public void No_central_pin_is_below_the_version_BTCPay_Server_resolves()
    {
        var pins = CentralPins();
        var below = new List<string>();
        foreach (var (package, btcpayVersion, source) in BTCPayVersions())
        {
            Assert.True(pins.TryGetValue(package, out var pinned),
                $"{package} is in compat/upstream-surface/BTCPayServer.PackageVersions.txt but not pinned in Directory.Packages.props: remove it from the record");
            if (Version.Parse(pinned) < Version.Parse(btcpayVersion))
                below.Add($"{package}: pinned {pinned}, BTCPay Server resolves {btcpayVersion} ({source})");
        }

        Assert.True(below.Count == 0, "Central pins below BTCPay Server's versions:\n" + string.Join("\n", below));
    }

    [Fact]
    public void The_record_names_each_package_once_with_a_version_and_where_BTCPay_gets_it()
    {
        var records = BTCPayVersions();

        Assert.NotEmpty(records);
        Assert.Equal(records.Count, records.Select(r => r.Package).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(records, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), $"{r.Package} does not say where BTCPay gets it"));
    }

    private static Dictionary<string, string> CentralPins() =>
        XDocument.Load(Repository.PathOf("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    private static List<(string Package, string Version, string Source)> BTCPayVersions() =>
        File.ReadAllLines(Repository.PathOf("compat", "upstream-surface", "BTCPayServer.PackageVersions.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 3))
            .Select(parts => (parts[0], parts[1], parts.Length > 2 ? parts[2] : ""))
            .ToList();
}
