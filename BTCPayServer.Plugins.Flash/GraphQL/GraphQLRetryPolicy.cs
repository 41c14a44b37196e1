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

    /// <summary>Total time spent waiting so far.</summary>
    public TimeSpan Waited => _waited;

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

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, so clients spread out.</summary>
    internal TimeSpan Backoff(int retry)
    {
        var exponential = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, retry);
        var capped = Math.Min(exponential, options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * nextRandom());
    }
}
