namespace BTCPayServer.Plugins.Flash.GraphQL;

// The transports' settings, as the plugin sets them for BTCPay and tests tighten them.

/// <summary>Limits and retry settings of <see cref="GraphQLHttpTransport"/>.</summary>
public sealed class GraphQLHttpTransportOptions
{
    /// <summary>A larger answer is refused unread: no Flash answer comes near it.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long one attempt may take, headers and body; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts after the first, rate-limit waits and transient retries together.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The most the transport waits between attempts in total; a longer <c>Retry-After</c> is handed to the caller.</summary>
    public TimeSpan MaxTotalRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first transient backoff; it doubles per retry up to <see cref="MaxBackoff"/>, then jitter takes up to half off.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// What a refusal of the credentials becomes, when the caller knows more than the transport: for a stored API
    /// token it means "reconnect Flash" (the token layer's error). Null: the refusal is thrown as it is.
    /// </summary>
    public Func<FlashUnauthorizedException, Exception>? CredentialsRefused { get; set; }

    /// <summary>
    /// Whether rate limits are waited out (within <see cref="MaxTotalRetryDelay"/>) for the calls that allow it. Off
    /// for a store's own key: Flash refills a key's limit per minute, so a wait rarely ends it and only holds up the
    /// BTCPay request waiting for the answer.
    /// </summary>
    public bool WaitOutRateLimits { get; set; } = true;

    /// <summary>
    /// What a rate limit becomes, when the caller knows whose limit it is: for the store's key, the sentence the
    /// merchant reads. Null: the limit is thrown as it is.
    /// </summary>
    public Func<FlashRateLimitedException, Exception>? RateLimited { get; set; }

    /// <summary>Headers every request carries besides the credential (never a secret: they may be logged by proxies).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; set; } = [];

    /// <summary>
    /// Set when the server cannot be reached from here at all (an onion server without a Tor proxy): every call
    /// fails at once with this reason, without a retry, a request or a resolver.
    /// </summary>
    public string? Unreachable { get; set; }
}

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
