namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Decides whether and how long to wait before another attempt. Rate limits are waited out for any operation
/// (the server did not run it) unless <paramref name="waitOutRateLimits"/> is off; transient failures only for
/// operations safe to repeat.
/// </summary>
internal sealed class GraphQLRetryPolicy(GraphQLHttpTransportOptions options, Func<double> nextRandom, bool waitOutRateLimits = true)
{
    private TimeSpan _waited;
    private int _retries;

    public bool TryGetDelay(FlashApiException failure, OperationSafety safety, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (_retries >= options.MaxRetries)
            return false;

        switch (failure)
        {
            case FlashRateLimitedException rateLimited when waitOutRateLimits:
                delay = rateLimited.RetryAfter ?? Backoff(_retries);
                break;
            case FlashTransientException when safety == OperationSafety.SafeToRepeat:
                delay = Backoff(_retries);
                break;
            default:
                return false;
        }

        if (_waited + delay > options.MaxTotalRetryDelay)
            return false;
        _waited += delay;
        _retries++;
        return true;
    }

    internal TimeSpan Backoff(int retry) => Backoff(options.InitialBackoff, options.MaxBackoff, retry, nextRandom());

    /// <summary>
    /// Exponential backoff with "equal jitter": <paramref name="initial"/> doubled per earlier attempt up to
    /// <paramref name="max"/>, of which half is fixed and half scaled by <paramref name="random"/> (0 to 1), so many
    /// clients that failed together spread out. Also the listener's delay before subscribing again.
    /// </summary>
    internal static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int attempt, double random)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * random);
    }
}
