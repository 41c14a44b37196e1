namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// One CONNECT a client asked <see cref="Socks5Proxy"/> for: the destination exactly as the client sent it, and
/// the first HTTP exchange that went through (request line and status line only: headers can carry credentials).
/// </summary>
internal sealed class Socks5Tunnel(byte addressType, string host, int port)
{
    public const byte IPv4 = 1;
    public const byte DomainName = 3;
    public const byte IPv6 = 4;

    /// <summary>RFC 1928's ATYP: 1 IPv4, 3 domain name, 4 IPv6.</summary>
    public byte AddressType { get; } = addressType;

    public string Host { get; } = host;

    public int Port { get; } = port;

    /// <summary>The first line the client sent through the tunnel, e.g. <c>POST /graphql HTTP/1.1</c>.</summary>
    public string? RequestLine { get; set; }

    /// <summary>Whether that first request asked for a WebSocket (<c>Upgrade: websocket</c>).</summary>
    public bool IsWebSocketUpgrade { get; set; }

    /// <summary>The first line the target answered, e.g. <c>HTTP/1.1 101 Switching Protocols</c>.</summary>
    public string? ResponseLine { get; set; }
}
