using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The credential header for every request of one Flash connection. The token is decrypted (or loaded from the
/// store's saved connection, then decrypted) once, on first use, by exactly one caller however many arrive together;
/// afterwards a call allocates nothing and touches no DataProtection. A failure is kept too: every call then fails
/// with the same reconnect error, until the connection is set up again (which makes a new source).
/// </summary>
public sealed class ApiTokenHeaderSource
{
    private readonly Lazy<Task<AuthHeader>> _header;

    private ApiTokenHeaderSource(Func<Task<AuthHeader>> resolve)
    {
        _header = new Lazy<Task<AuthHeader>>(resolve, LazyThreadSafetyMode.ExecutionAndPublication);
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

    /// <summary>For a token kept elsewhere (the store's saved connection): loaded on first use, then held.</summary>
    public static ApiTokenHeaderSource ForLoadedToken(Func<Task<FlashApiToken>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new ApiTokenHeaderSource(async () => (await load()).ToAuthHeader());
    }

    private ValueTask<AuthHeader?> GetAsync(CancellationToken cancellation)
    {
        var header = _header.Value;
        return header.IsCompletedSuccessfully ? new ValueTask<AuthHeader?>(header.Result) : AwaitAsync(header, cancellation);
    }

    private static async ValueTask<AuthHeader?> AwaitAsync(Task<AuthHeader> header, CancellationToken cancellation) =>
        await header.WaitAsync(cancellation);
}
