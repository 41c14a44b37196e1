namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Why Flash did not create, list, revoke or rotate a token; each is shown to the store owner in its own words.
/// New members go at the end: the numbers of the existing ones stay as they are.
/// </summary>
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

    /// <summary>Flash has no active token with the id given (revoked already, expired, or never the account's).</summary>
    TokenNotFound,

    /// <summary>Flash refused the request as too large (HTTP 413, 414 or 431, or WebSocket close 1009): nothing was done.</summary>
    RequestTooLarge,

    /// <summary>Flash's answer to a list or a revoke is not in the shape the plugin reads.</summary>
    UnreadableAnswer,

    /// <summary>The request to create a token reached the server, but no usable answer came back: the token may exist.</summary>
    CreateOutcomeUnknown,
}
