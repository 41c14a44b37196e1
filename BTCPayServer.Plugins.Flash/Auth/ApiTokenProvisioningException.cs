using System.Globalization;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Obtaining or managing an API token failed. The message is for the store owner: it says what went wrong in the
/// terms of what was being done (<see cref="Action"/>) and what to do next, and never holds a secret.
/// </summary>
public sealed class ApiTokenProvisioningException : Exception
{
    /// <param name="tokenName">The name the token was asked for, for a message that has to say which token to look for.</param>
    public ApiTokenProvisioningException(
        ProvisioningFailure failure, ApiTokenAction action, string server, string? serverCode = null, Exception? innerException = null, string? tokenName = null)
        : base(Describe(failure, action, server, innerException, tokenName), innerException)
    {
        Failure = failure;
        Action = action;
        ServerCode = serverCode;
    }

    public ProvisioningFailure Failure { get; }

    public ApiTokenAction Action { get; }

    /// <summary>The error code Flash gave, when it gave one (for support, not for display).</summary>
    public string? ServerCode { get; }

    private static string Describe(ProvisioningFailure failure, ApiTokenAction action, string server, Exception? innerException, string? tokenName) => failure switch
    {
        // The session and the request's size are about what was pasted, whatever it was pasted for.
        ProvisioningFailure.SessionRejected => $"Flash ({server}) did not accept the session token: sign in to Flash again and paste a fresh one.",
        ProvisioningFailure.RequestTooLarge => TooLarge(server, innerException as FlashRequestTooLargeException),
        _ => action switch
        {
            ApiTokenAction.List => DescribeList(failure, server),
            ApiTokenAction.Revoke => DescribeRevoke(failure, server),
            ApiTokenAction.Rotate => DescribeRotate(failure, server),
            _ => DescribeCreate(failure, server, tokenName),
        },
    };

    private static string DescribeCreate(ProvisioningFailure failure, string server, string? tokenName) => failure switch
    {
        ProvisioningFailure.CreateOutcomeUnknown =>
            $"Flash ({server}) did not confirm the API token, which it may have made all the same: list the account's tokens below, revoke {(tokenName is null ? "the new one" : $"\"{tokenName}\"")} if it is there, then connect again.",
        ProvisioningFailure.TokenLimitReached => $"Your Flash account ({server}) already has the most API tokens allowed: revoke one you no longer use, then connect again.",
        ProvisioningFailure.ScopesRefused => $"Flash ({server}) refused the permissions the plugin needs: ask Flash support whether your account may create API tokens.",
        ProvisioningFailure.InvalidRequest => $"Flash ({server}) refused the token name or expiry: use a name of 3 to 50 letters, digits, spaces, '-' and '_'.",
        ProvisioningFailure.InvalidTokenReturned or ProvisioningFailure.UnreadableAnswer =>
            $"Flash ({server}) answered with something that is not a valid API token; nothing was saved. Check that the server address is Flash's GraphQL API.",
        ProvisioningFailure.ServerUnreachable => $"Could not reach Flash at {server}: check the server address and your connection, then try again.",
        _ => $"Flash ({server}) refused to create an API token: check that the server address is Flash's GraphQL API, then try again.",
    };

    private static string DescribeList(ProvisioningFailure failure, string server) => failure switch
    {
        ProvisioningFailure.ServerUnreachable => $"Could not reach Flash at {server} to list the account's API tokens: try again in a moment.",
        ProvisioningFailure.InvalidTokenReturned or ProvisioningFailure.UnreadableAnswer =>
            $"Flash ({server}) answered with a list of tokens the plugin cannot read: try again in a moment.",
        _ => $"Flash ({server}) refused to list the account's API tokens: check that the server address is Flash's GraphQL API, then try again.",
    };

    private static string DescribeRevoke(ProvisioningFailure failure, string server) => failure switch
    {
        ProvisioningFailure.TokenNotFound => $"Flash ({server}) does not know that token: it may have been revoked already. Refresh the list of tokens.",
        ProvisioningFailure.ServerUnreachable => $"Could not reach Flash at {server}, so the token may not have been revoked: refresh the list of tokens to check, then try again.",
        ProvisioningFailure.InvalidTokenReturned or ProvisioningFailure.UnreadableAnswer =>
            $"Flash ({server}) answered in a way the plugin cannot read, so the token may not have been revoked: refresh the list of tokens to check.",
        _ => $"Flash ({server}) refused to revoke the token: refresh the list of tokens, then try again.",
    };

    private static string DescribeRotate(ProvisioningFailure failure, string server) => failure switch
    {
        ProvisioningFailure.TokenNotFound => $"Flash ({server}) has no active token with this id to rotate: it was revoked or has expired. Connect Flash again to get a new token.",
        ProvisioningFailure.TokenLimitReached =>
            $"Your Flash account ({server}) already has the most API tokens allowed, so the token could not be rotated: revoke one you no longer use, then rotate again.",
        // Flash may have rotated and revoked the old secret before the answer went wrong: only a test tells.
        ProvisioningFailure.InvalidTokenReturned or ProvisioningFailure.UnreadableAnswer =>
            $"Flash ({server}) did not answer the rotation with a valid API token; nothing was saved. Test the connection, and connect Flash again if the test fails.",
        ProvisioningFailure.ServerUnreachable =>
            $"Could not reach Flash at {server}, so the token may not have been rotated: test the connection, and connect Flash again if the test fails.",
        _ => $"Flash ({server}) refused to rotate the token, and the store keeps using the current one: try again later, or connect Flash again to get a new token.",
    };

    private static string TooLarge(string server, FlashRequestTooLargeException? refusal)
    {
        var where = refusal switch
        {
            { HttpStatus: { } status } => string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"),
            { WebSocketCloseStatus: { } close } => string.Create(CultureInfo.InvariantCulture, $"WebSocket close {close}"),
            _ => "no status given",
        };
        return refusal?.Part == OversizedPart.Address
            ? $"Flash ({server}) refused the request as too large ({where}): the server address is too long. Check that it is Flash's GraphQL address, e.g. {FlashConnectionString.MainnetServer}."
            : $"Flash ({server}) refused the request as too large ({where}): check that you pasted only the session token, with nothing before or after it.";
    }
}
