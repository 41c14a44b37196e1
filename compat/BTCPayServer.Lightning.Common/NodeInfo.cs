using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using NBitcoin;

namespace BTCPayServer.Lightning;

/// <summary>A node's public key and address, written <c>pubkey@host:port</c> (port 9735 when omitted).</summary>
public class NodeInfo
{
    private const int DefaultPort = 9735;

    public NodeInfo(PubKey nodeId, string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        NodeId = nodeId ?? throw new ArgumentNullException(nameof(nodeId));
        Port = port;
        Host = IPAddress.TryParse(host, out var address)
            ? address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString()
            : host;
    }

    public PubKey NodeId { get; }
    public string Host { get; }
    public int Port { get; }
    public bool IsTor => Host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase);

    public static NodeInfo Parse(string str) =>
        TryParse(str, out var nodeInfo) ? nodeInfo : throw new FormatException("Invalid node uri");

    public static bool TryParse(string str, out NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(str);
        nodeInfo = null;
        str = str.Trim();
        var at = str.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || !TryParsePubKey(str[..at], out var nodeId))
            return false;

        var host = str[(at + 1)..];
        var port = DefaultPort;
        var colon = str.LastIndexOf(':');
        // "::" belongs to an IPv6 address, not to a port.
        var hasPort = colon > 0 && str[colon - 1] != ':';
        if (hasPort)
        {
            if (colon <= at || !int.TryParse(str[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out port))
                return false;
            host = str[(at + 1)..colon];
        }
        if (host.Length == 0)
            return false;
        nodeInfo = new NodeInfo(nodeId, host, port);
        return true;
    }

    public override string ToString() => $"{NodeId}@{Host}:{Port}";

    private static bool TryParsePubKey(string hex, out PubKey pubKey)
    {
        pubKey = null;
        if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
            return false;
        try
        {
            pubKey = new PubKey(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
