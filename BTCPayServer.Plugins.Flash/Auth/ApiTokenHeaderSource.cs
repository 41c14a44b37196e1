using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The credential header for every request of one Flash connection. The token is decrypted once, on first use,
/// by exactly one caller however many arrive together; afterwards a call allocates nothing and touches no
/// DataProtection. A decryption failure is kept too: every call then fails with the same reconnect error.
/// </summary>
public sealed class ApiTokenHeaderSource
{
    private readonly Lazy<AuthHeader> _header;

    private ApiTokenHeaderSource(Func<AuthHeader> resolve)
    {
        _header = new Lazy<AuthHeader>(resolve, LazyThreadSafetyMode.ExecutionAndPublication);
        Source = Get;
    }

    /// <summary>The delegate the HTTP transport calls per attempt (one instance, so passing it allocates nothing).</summary>
    public AuthHeaderSource Source { get; }

    public static ApiTokenHeaderSource ForToken(FlashApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new ApiTokenHeaderSource(token.ToAuthHeader);
    }

    public static ApiTokenHeaderSource ForProtectedToken(string protectedToken, ApiTokenProtector protector, string server)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedToken);
        ArgumentNullException.ThrowIfNull(protector);
        return new ApiTokenHeaderSource(() => protector.Unprotect(protectedToken, server).ToAuthHeader());
    }

    private ValueTask<AuthHeader?> Get(CancellationToken cancellation) => new(_header.Value);
}
