using System.Text.Json;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Settings;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// List, revoke and rotate the account's API tokens. API tokens cannot manage tokens (by design, in both dialects),
/// so each call takes the store owner's session: over the WebSocket for seed tokens, over HTTP for FIP-07 keys.
/// </summary>
public sealed class ApiTokenAdministration
{
    private readonly SessionChannels _channels;

    public ApiTokenAdministration(FlashTransports transports) => _channels = new SessionChannels(transports);

    public Task<IReadOnlyList<ApiTokenInfo>> ListAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, CancellationToken cancellation = default) =>
        kind == FlashApiTokenKind.SeedToken
            ? RunAsync(endpoints, sessionToken, kind, ApiTokenAction.List, FlashOperations.ApiTokens.Request(), TokenJsonContext.Default.ApiTokensData,
                data => data.ApiTokens.Select(t => new ApiTokenInfo(t.Id, ApiTokenNames.ForDisplay(t.Name), kind, null, t.Scopes, FromSeconds(t.CreatedAt), FromSeconds(t.ExpiresAt),
                    FromSeconds(t.LastUsedAt), t.Status, t.RequestCount)).ToList() as IReadOnlyList<ApiTokenInfo>, cancellation)
            : RunAsync(endpoints, sessionToken, kind, ApiTokenAction.List, FlashOperations.ApiKeys.Request(), TokenJsonContext.Default.ApiKeysData,
                data => data.ApiKeys.Select(k => new ApiTokenInfo(k.Id, ApiTokenNames.ForDisplay(k.Name), kind, k.KeyId, k.Scopes, FromSeconds(k.CreatedAt), FromSeconds(k.ExpiresAt),
                    FromSeconds(k.LastUsedAt), k.Status, null)).ToList() as IReadOnlyList<ApiTokenInfo>, cancellation);

    /// <summary>Revokes a token of the account; Flash stops honouring it on the next request.</summary>
    public Task RevokeAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, string id, CancellationToken cancellation = default)
    {
        var request = ById(kind == FlashApiTokenKind.SeedToken ? FlashOperations.ApiTokenRevoke : FlashOperations.ApiKeyRevoke, id);
        return kind == FlashApiTokenKind.SeedToken
            ? RunAsync(endpoints, sessionToken, kind, ApiTokenAction.Revoke, request, TokenJsonContext.Default.ApiTokenRevokeData,
                data => Check(data.ApiTokenRevoke.Errors, endpoints.Server), cancellation)
            : RunAsync(endpoints, sessionToken, kind, ApiTokenAction.Revoke, request, TokenJsonContext.Default.ApiKeyRevokeData,
                data => Check(data.ApiKeyRevoke.Errors, endpoints.Server), cancellation);
    }

    /// <summary>A new secret with the same name, scopes and expiry; Flash revokes the old one in the same step.</summary>
    public Task<ProvisionedApiToken> RotateAsync(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, string id, CancellationToken cancellation = default)
    {
        var request = ById(kind == FlashApiTokenKind.SeedToken ? FlashOperations.ApiTokenRotate : FlashOperations.ApiKeyRotate, id);
        return kind == FlashApiTokenKind.SeedToken
            ? RunAsync(endpoints, sessionToken, kind, ApiTokenAction.Rotate, request, TokenJsonContext.Default.ApiTokenRotateData,
                data => ApiTokenProvisioner.ToProvisioned(data.ApiTokenRotate, ProvisioningMethod.WebSocketApiTokenCreate, endpoints.Server, ApiTokenAction.Rotate), cancellation)
            : RunAsync(endpoints, sessionToken, kind, ApiTokenAction.Rotate, request, TokenJsonContext.Default.ApiKeyRotateData,
                data => ApiTokenProvisioner.ToProvisioned(data.ApiKeyRotate, ProvisioningMethod.HttpApiKeyCreate, endpoints.Server, ApiTokenAction.Rotate), cancellation);
    }

    private async Task<TResult> RunAsync<TData, TResult>(FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, ApiTokenAction action, GraphQLRequest request,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TData> type, Func<TData, TResult> map, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (string.IsNullOrWhiteSpace(sessionToken))
            throw new ApiTokenProvisioningException(ProvisioningFailure.SessionRejected, action, endpoints.Server);
        var session = sessionToken.Trim();
        JsonElement data;
        try
        {
            if (kind == FlashApiTokenKind.SeedToken)
            {
                await using var socket = _channels.WebSocket(endpoints, session);
                data = await socket.ExecuteAsync(request, cancellation);
            }
            else
            {
                data = await _channels.Http(endpoints, session).ExecuteAsync(request, OperationSafety.Unsafe, cancellation);
            }
        }
        catch (FlashApiException failure)
        {
            throw SessionChannels.Explain(failure, endpoints.Server, action);
        }
        return map(ApiTokenProvisioner.Read(data, type, endpoints.Server, action));
    }

    private static GraphQLRequest ById(FlashOperation operation, string id) =>
        operation.Request(new InputVariables<IdInput>(new IdInput(id)), TokenJsonContext.Default.InputVariablesIdInput);

    private static bool Check(IReadOnlyList<PayloadError>? errors, string server) =>
        errors is { Count: > 0 } ? throw SessionChannels.Explain(errors, server, ApiTokenAction.Revoke) : true;

    private static DateTimeOffset FromSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static DateTimeOffset? FromSeconds(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
