using System.Globalization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// The server is rate limiting: HTTP 429 with <c>Retry-After</c>, or HTTP 200 with a GraphQL error whose
/// <c>extensions.code</c> is <c>TOO_MANY_REQUESTS</c> and <c>extensions.retryAfterSeconds</c> says how long to wait.
/// Thrown once the wait would exceed what the transport may spend.
/// </summary>
public sealed class FlashRateLimitedException : FlashApiException
{
    public FlashRateLimitedException(string server, int? httpStatus, TimeSpan? retryAfter)
        : base(Summarise(retryAfter), server, httpStatus, webSocketCloseStatus: null, mayRetry: true)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Summarise(TimeSpan? retryAfter) =>
        retryAfter is { } wait
            ? string.Create(CultureInfo.InvariantCulture, $"The server is rate limiting requests; retry after {wait.TotalSeconds:0.###} s")
            : "The server is rate limiting requests";
}
