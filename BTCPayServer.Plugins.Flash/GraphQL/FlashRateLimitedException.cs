using System.Globalization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// The server is rate limiting: HTTP 429 with <c>Retry-After</c>, or HTTP 200 with a GraphQL error whose
/// <c>extensions.code</c> is <c>TOO_MANY_REQUESTS</c> and <c>extensions.retryAfterSeconds</c> says how long to wait.
/// Thrown once the wait would exceed what the transport may spend, or at once where waiting is not allowed.
/// </summary>
public sealed class FlashRateLimitedException : FlashApiException
{
    public FlashRateLimitedException(string server, int? httpStatus, TimeSpan? retryAfter)
        : this(server, httpStatus, retryAfter, ofStoreKey: false)
    {
    }

    private FlashRateLimitedException(string server, int? httpStatus, TimeSpan? retryAfter, bool ofStoreKey)
        : base(Summarise(retryAfter, ofStoreKey), server, httpStatus, webSocketCloseStatus: null, mayRetry: true)
    {
        RetryAfter = retryAfter;
        OfStoreKey = ofStoreKey;
    }

    /// <summary>How long the server asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the limit reached is the store's own key's (Flash counts requests per key or token).</summary>
    public bool OfStoreKey { get; }

    /// <summary>
    /// The same limit, told as the store's: what BTCPay shows the merchant when a checkout gets no invoice. Only the
    /// caller knows the request carried the store's key; the transport does not.
    /// </summary>
    public FlashRateLimitedException OfTheStoresKey() => new(Server, HttpStatus, RetryAfter, ofStoreKey: true);

    private static string Summarise(TimeSpan? retryAfter, bool ofStoreKey)
    {
        if (ofStoreKey)
        {
            return retryAfter is { } wait
                ? string.Create(CultureInfo.InvariantCulture, $"Flash's rate limit for this store's key was reached; retry in {WholeSeconds(wait)} s")
                : "Flash's rate limit for this store's key was reached; Flash did not say for how long, so retry in a minute";
        }
        return retryAfter is { } delay
            ? string.Create(CultureInfo.InvariantCulture, $"The server is rate limiting requests; retry after {delay.TotalSeconds:0.###} s")
            : "The server is rate limiting requests";
    }

    /// <summary>Rounded up, and at least one: a merchant who waits that long is past the limit.</summary>
    private static long WholeSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}
