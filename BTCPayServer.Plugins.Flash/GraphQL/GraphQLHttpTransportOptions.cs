namespace BTCPayServer.Plugins.Flash.GraphQL;

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
