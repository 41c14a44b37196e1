using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// List, revoke and rotate the account's API tokens, each in the dialect of the token's kind. API tokens cannot
/// manage tokens (by design, in both dialects), so each call takes the store owner's session: over the WebSocket for
/// <c>flash_</c> tokens (the API token service), over HTTP for <c>fk_</c> keys (the API key service).
/// </summary>
public sealed class ApiTokenAdministration
{
    private readonly SessionChannels _channels;

    public ApiTokenAdministration(FlashTransports transports) => _channels = new SessionChannels(transports);

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, CancellationToken cancellation = default) =>
        await ApiTokenDialects.For(kind).ListAsync(_channels, endpoints, Session(endpoints, sessionToken, ApiTokenAction.List), cancellation);

    /// <summary>Revokes a token of the account; Flash stops honouring it on the next request.</summary>
    public async Task RevokeAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, string id, CancellationToken cancellation = default) =>
        await ApiTokenDialects.For(kind).RevokeAsync(_channels, endpoints, Session(endpoints, sessionToken, ApiTokenAction.Revoke), id, cancellation);

    /// <summary>A new secret with the same name, scopes and expiry; Flash revokes the old one in the same step.</summary>
    public async Task<ProvisionedApiToken> RotateAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, string id, CancellationToken cancellation = default) =>
        await ApiTokenDialects.For(kind).RotateAsync(_channels, endpoints, Session(endpoints, sessionToken, ApiTokenAction.Rotate), id, cancellation);

    private static string Session(FlashEndpoints endpoints, string sessionToken, ApiTokenAction action)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return string.IsNullOrWhiteSpace(sessionToken)
            ? throw new ApiTokenProvisioningException(ProvisioningFailure.SessionRejected, action, endpoints.Server)
            : sessionToken.Trim();
    }
}
