using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// One of the two ways Flash servers issue and manage API tokens: the API token service's <c>apiToken*</c>
/// operations over the WebSocket, issuing <c>flash_</c> tokens (<see cref="ApiTokenDialect"/>), or the API key
/// service's <c>apiKey*</c> operations over HTTP, issuing <c>fk_</c> keys, as Flash runs today (<see cref="ApiKeyDialect"/>). Callers pick one (<see cref="ApiTokenDialects"/>) from a token's
/// kind or from what the server allows, and leave every difference between the two to it. Tokens cannot manage tokens
/// in either dialect, so every operation takes the store owner's session (already trimmed, never stored).
/// </summary>
internal interface IApiTokenDialect
{
    FlashApiTokenKind Kind { get; }

    /// <summary>The status card's line naming the dialect.</summary>
    string Description { get; }

    /// <summary>The capability report's sentence about the store's credential.</summary>
    string CredentialSummary { get; }

    /// <summary>How the list of the account's tokens names one of this dialect's.</summary>
    string Label(ApiTokenInfo token);

    /// <summary>The header that carries <paramref name="token"/> (this dialect's) on every request.</summary>
    AuthHeader HeaderFor(string token);

    /// <summary>The public part of <paramref name="token"/> that names it, if the dialect has one.</summary>
    string? KeyIdOf(string token);

    /// <summary>What <see cref="FlashApiToken.ToString"/> shows of <paramref name="token"/>: never its secret.</summary>
    string Redacted(string token);

    /// <exception cref="ApiTokenProvisioningException">Flash did not hand out a usable token; a failure of the transport is the inner exception.</exception>
    Task<ProvisionedApiToken> ProvisionAsync(
        SessionChannels channels, FlashEndpoints endpoints, string session, ApiTokenRequest request, CancellationToken cancellation);

    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(SessionChannels channels, FlashEndpoints endpoints, string session, CancellationToken cancellation);

    /// <summary>Revokes a token of the account; Flash stops honouring it on the next request.</summary>
    Task RevokeAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation);

    /// <summary>A new secret with the same name, scopes and expiry; Flash revokes the old one in the same step.</summary>
    Task<ProvisionedApiToken> RotateAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation);
}
