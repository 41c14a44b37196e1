namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Timeouts and limits of <see cref="GraphQLWebSocketClient"/>.</summary>
public sealed class GraphQLWebSocketClientOptions
{
    /// <summary>How long the WebSocket handshake may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait for <c>connection_ack</c> after <c>connection_init</c>.</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a closing handshake may take before the socket is dropped.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the connection may go without a message before the client sends a <c>ping</c>; infinite: never. A NAT
    /// or proxy that silently drops a connection sends no close, so only a ping that goes unanswered reveals it.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the server has to answer a <c>ping</c> (with a <c>pong</c>, or any message) before the connection is
    /// dropped as dead and its operations fail, so their callers can fall back and reconnect.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>A longer message closes the connection as invalid.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The proxy the socket goes through (a SOCKS5 proxy for onion servers); null: none.</summary>
    public System.Net.IWebProxy? Proxy { get; set; }

    /// <summary>
    /// Set when the server cannot be reached from here at all (an onion server without a Tor proxy): every attempt
    /// fails at once with this reason, without touching the network or a resolver.
    /// </summary>
    public string? Unreachable { get; set; }
}
