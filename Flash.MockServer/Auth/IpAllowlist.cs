using System.Net;
using System.Net.Sockets;

namespace Flash.MockServer.Auth;

/// <summary>
/// CIDR ranges a credential may be used from. Empty allows everyone; otherwise it fails closed: an unknown
/// remote address is refused. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are compared as the IPv4 address.
/// </summary>
internal sealed class IpAllowlist
{
    public static readonly IpAllowlist Anywhere = new([]);

    private readonly IReadOnlyList<IPNetwork> _networks;

    private IpAllowlist(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public bool IsUnrestricted => _networks.Count == 0;

    public static bool TryParse(IEnumerable<string>? entries, out IpAllowlist allowlist, out string? error)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries ?? [])
        {
            if (!TryParseEntry(entry.Trim(), out var network))
            {
                allowlist = Anywhere;
                error = $"'{entry}' is not an IP address or CIDR range";
                return false;
            }
            networks.Add(network);
        }
        allowlist = new IpAllowlist(networks);
        error = null;
        return true;
    }

    public bool Allows(IPAddress? address)
    {
        if (IsUnrestricted)
            return true;
        if (address is null)
            return false;
        var normalised = Normalise(address);
        return _networks.Any(n => n.BaseAddress.AddressFamily == normalised.AddressFamily && n.Contains(normalised));
    }

    private static bool TryParseEntry(string entry, out IPNetwork network)
    {
        network = default;
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(entry, out var parsed))
                return false;
            network = Normalise(parsed);
            return true;
        }
        if (!IPAddress.TryParse(entry, out var address))
            return false;
        address = Normalise(address);
        network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    private static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPNetwork Normalise(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;
}
