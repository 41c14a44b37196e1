using System.Net;
using System.Net.Sockets;

namespace BTCPayServer.Plugins.Flash.Connectivity;

/// <summary>
/// What a Flash server address is, for the rule that decides whether a store page may make BTCPay connect to it:
/// a local address (loopback, private, link-local, unique-local, shared or unspecified ranges), a local name (one
/// label, or ending in <c>.internal</c>, <c>.local</c>, <c>.lan</c>, <c>.localhost</c>, the way BTCPay's own
/// <c>IsLocalNetwork</c> reads lightning servers), a Tor onion service, or a public name to resolve.
/// </summary>
public static class FlashServerAddress
{
    private static readonly string[] LocalSuffixes = [".internal", ".local", ".lan", ".localhost", ".home.arpa"];

    private static readonly IPNetwork[] LocalNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>The host as DNS would be asked for it: lower case, without the trailing dot of a fully qualified name.</summary>
    public static string HostOf(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.IdnHost.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// A v3 onion service name: 56 base32 characters, then <c>.onion</c> (subdomains allowed). A host that merely
    /// ends in "onion" is not one.
    /// </summary>
    public static bool IsOnion(Uri server) => HostOf(server) is var host && host.EndsWith(".onion", StringComparison.Ordinal);

    /// <summary>True for an onion host whose service label is a well-formed v3 address.</summary>
    public static bool IsValidOnion(Uri server)
    {
        var host = HostOf(server);
        if (!host.EndsWith(".onion", StringComparison.Ordinal))
            return false;
        var labels = host[..^".onion".Length].Split('.');
        var service = labels[^1];
        return service.Length == 56 && service.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');
    }

    /// <summary>A host named as an IP address: its address; otherwise null.</summary>
    public static IPAddress? LiteralAddressOf(Uri server) =>
        server.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(server.DnsSafeHost, out var address)
            ? address
            : null;

    /// <summary>A name that only a local network can give meaning to (BTCPay's rule, plus the reserved local suffixes).</summary>
    public static bool IsLocalName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Length == 0 || !host.Contains('.', StringComparison.Ordinal) || host == "localhost"
            || LocalSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>An address on this machine or a private network, or no real destination at all.</summary>
    public static bool IsLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork && address.Equals(IPAddress.Broadcast))
            return true;
        return LocalNetworks.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }
}
