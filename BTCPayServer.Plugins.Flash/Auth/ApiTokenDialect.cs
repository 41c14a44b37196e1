using System.Globalization;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Flash's API token service over the WebSocket: <c>flash_</c> tokens, made and managed with <c>apiTokenCreate</c>, <c>apiTokens</c>,
/// <c>apiTokenRevoke</c> and <c>apiTokenRotate</c> sent over the WebSocket with the session in connection_init, and
/// used as <c>Authorization: Bearer</c>. Only the mock serves it today: the service lives on a Flash branch that was
/// never merged, and real Flash takes subscriptions alone over the WebSocket.
/// </summary>
internal sealed class ApiTokenDialect : IApiTokenDialect
{
    public static ApiTokenDialect Instance { get; } = new();

    private ApiTokenDialect()
    {
    }

    public FlashApiTokenKind Kind => FlashApiTokenKind.ApiToken;

    public string Description => "Flash API token (flash_, created over the WebSocket)";

    public string CredentialSummary => "The store uses a Flash API token (flash_), created over the WebSocket.";

    public string Label(ApiTokenInfo token) => "flash_ token";

    public AuthHeader HeaderFor(string token) => AuthHeader.Bearer(token);

    public string? KeyIdOf(string token) => null;

    public string Redacted(string token) => "flash_… (redacted)";

    public async Task<ProvisionedApiToken> ProvisionAsync(
        SessionChannels channels, FlashEndpoints endpoints, string session, ApiTokenRequest request, CancellationToken cancellation)
    {
        var variables = new InputVariables<ApiTokenCreateInput>(new ApiTokenCreateInput(request.Name, ApiTokenScopes.ApiToken, request.ExpiresInSeconds, request.RateLimitPerMinute));
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.Create,
            FlashOperations.ApiTokenCreate.Request(variables, TokenJsonContext.Default.InputVariablesApiTokenCreateInput), cancellation);
        return ToProvisioned(TokenWire.Read(data, TokenJsonContext.Default.ApiTokenCreateData, endpoints.Server, ApiTokenAction.Create).ApiTokenCreate,
            endpoints.Server, ApiTokenAction.Create);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(SessionChannels channels, FlashEndpoints endpoints, string session, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.List, FlashOperations.ApiTokens.Request(), cancellation);
        return TokenWire.Read(data, TokenJsonContext.Default.ApiTokensData, endpoints.Server, ApiTokenAction.List).ApiTokens
            .Select(t => new ApiTokenInfo(t.Id, ApiTokenNames.ForDisplay(t.Name), Kind, null, t.Scopes, DateTimeOffset.FromUnixTimeSeconds(t.CreatedAt),
                TokenWire.FromUnixSeconds(t.ExpiresAt), TokenWire.FromUnixSeconds(t.LastUsedAt), t.Status, t.RequestCount))
            .ToList();
    }

    public async Task RevokeAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.Revoke, TokenWire.ById(FlashOperations.ApiTokenRevoke, id), cancellation);
        TokenWire.ThrowOnErrors(TokenWire.Read(data, TokenJsonContext.Default.ApiTokenRevokeData, endpoints.Server, ApiTokenAction.Revoke).ApiTokenRevoke.Errors,
            endpoints.Server, ApiTokenAction.Revoke);
    }

    public async Task<ProvisionedApiToken> RotateAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.Rotate, TokenWire.ById(FlashOperations.ApiTokenRotate, id), cancellation);
        return ToProvisioned(TokenWire.Read(data, TokenJsonContext.Default.ApiTokenRotateData, endpoints.Server, ApiTokenAction.Rotate).ApiTokenRotate,
            endpoints.Server, ApiTokenAction.Rotate);
    }

    private static async Task<JsonElement> ExecuteAsync(
        SessionChannels channels, FlashEndpoints endpoints, string session, ApiTokenAction action, GraphQLRequest request,
        CancellationToken cancellation)
    {
        try
        {
            await using var socket = channels.WebSocket(endpoints, session);
            return await socket.ExecuteAsync(request, cancellation);
        }
        catch (FlashApiException failure)
        {
            throw SessionChannels.Explain(failure, endpoints.Server, action);
        }
    }

    /// <summary>The API token service gives <c>expiresAt</c> as an ISO 8601 string.</summary>
    private ProvisionedApiToken ToProvisioned(ApiTokenPayload payload, string server, ApiTokenAction action)
    {
        TokenWire.ThrowOnErrors(payload.Errors, server, action);
        var created = payload.ApiToken ?? throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);
        var expiresAt = created.ExpiresAt is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : (DateTimeOffset?)null;
        return TokenWire.Provisioned(created.Token, Kind, created.Id, created.Name, created.Scopes, expiresAt, created.RateLimitPerMinute, server, action);
    }
}
