using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The credential header for every request of one Flash connection. The token is decrypted (or loaded from the
/// store's saved connection, then decrypted) once, on first use, by exactly one caller however many arrive together;
/// afterwards a call allocates nothing and touches no DataProtection. A reconnect error is kept: every call then
/// fails the same way until the connection is set up again (which makes a new source). Any other failure (a settings
/// store that did not answer) is not: the next call tries again.
/// </summary>
public sealed class ApiTokenHeaderSource
{
    private readonly Func<Task<AuthHeader>> _resolve;
    private Lazy<Task<AuthHeader>> _header;

    private ApiTokenHeaderSource(Func<Task<AuthHeader>> resolve)
    {
        _resolve = resolve;
        _header = NewAttempt();
        Source = GetAsync;
    }

    /// <summary>The delegate the HTTP transport calls per attempt (one instance, so passing it allocates nothing).</summary>
    public AuthHeaderSource Source { get; }

    public static ApiTokenHeaderSource ForToken(FlashApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new ApiTokenHeaderSource(() => Task.FromResult(token.ToAuthHeader()));
    }

    public static ApiTokenHeaderSource ForProtectedToken(string protectedToken, ApiTokenProtector protector, string server)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedToken);
        ArgumentNullException.ThrowIfNull(protector);
        return new ApiTokenHeaderSource(() => Task.FromResult(protector.Unprotect(protectedToken, server).ToAuthHeader()));
    }

    private ValueTask<AuthHeader?> GetAsync(CancellationToken cancellation)
    {
        var attempt = Volatile.Read(ref _header);
        var header = attempt.Value;
        return header.IsCompletedSuccessfully ? new ValueTask<AuthHeader?>(header.Result) : AwaitAsync(attempt, header, cancellation);
    }

    private async ValueTask<AuthHeader?> AwaitAsync(Lazy<Task<AuthHeader>> attempt, Task<AuthHeader> header, CancellationToken cancellation)
    {
        try
        {
            return await header.WaitAsync(cancellation);
        }
        catch (Exception e) when (e is not (FlashReconnectRequiredException or OperationCanceledException))
        {
            // Only this attempt is dropped; callers that raced on it share its failure.
            Interlocked.CompareExchange(ref _header, NewAttempt(), attempt);
            throw;
        }
    }

    private Lazy<Task<AuthHeader>> NewAttempt() => new(_resolve, LazyThreadSafetyMode.ExecutionAndPublication);
}
