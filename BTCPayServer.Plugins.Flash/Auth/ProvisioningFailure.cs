namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>Why Flash did not hand out an API token; each is shown to the store owner in its own words.</summary>
public enum ProvisioningFailure
{
    /// <summary>The session token is wrong or has expired: sign in to Flash again.</summary>
    SessionRejected,

    /// <summary>The account already has the most active tokens Flash allows: revoke one first.</summary>
    TokenLimitReached,

    /// <summary>Flash refused the scopes the plugin needs.</summary>
    ScopesRefused,

    /// <summary>Flash refused the request's name or expiry.</summary>
    InvalidRequest,

    /// <summary>Flash answered with something that is not a valid API token.</summary>
    InvalidTokenReturned,

    /// <summary>The server could not be reached or did not answer usefully.</summary>
    ServerUnreachable,

    /// <summary>The server offers neither way of creating tokens, or refused for another reason.</summary>
    Refused,
}
