namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>Obtaining or managing an API token failed. Messages are for store owners and never hold a secret.</summary>
public sealed class ApiTokenProvisioningException : Exception
{
    public ApiTokenProvisioningException(ProvisioningFailure failure, string server, string? serverCode = null, Exception? innerException = null)
        : base(Describe(failure, server), innerException)
    {
        Failure = failure;
        ServerCode = serverCode;
    }

    public ProvisioningFailure Failure { get; }

    /// <summary>The error code Flash gave, when it gave one (for support, not for display).</summary>
    public string? ServerCode { get; }

    private static string Describe(ProvisioningFailure failure, string server) => failure switch
    {
        ProvisioningFailure.SessionRejected => $"Flash ({server}) did not accept the session token: sign in to Flash again and paste a fresh one",
        ProvisioningFailure.TokenLimitReached => $"Your Flash account ({server}) already has the most API tokens allowed: revoke one you no longer use, then connect again",
        ProvisioningFailure.ScopesRefused => $"Flash ({server}) refused the permissions the plugin needs",
        ProvisioningFailure.InvalidRequest => $"Flash ({server}) refused the token name or expiry",
        ProvisioningFailure.InvalidTokenReturned => $"Flash ({server}) answered with something that is not a valid API token; nothing was saved",
        ProvisioningFailure.ServerUnreachable => $"Could not reach Flash at {server}",
        _ => $"Flash ({server}) refused to create an API token",
    };
}
