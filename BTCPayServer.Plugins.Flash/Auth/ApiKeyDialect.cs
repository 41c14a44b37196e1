using System.Text.Json;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Flash's API key service, as Flash runs today (FIP-07, Flash's proposal that added <c>fk_</c> API keys): <c>fk_</c>
/// keys, made and managed with <c>apiKeyCreate</c>, <c>apiKeys</c>, <c>apiKeyRevoke</c> and <c>apiKeyRotate</c> over
/// HTTP with the session as Bearer, and used as <c>X-API-KEY</c>.
/// </summary>
internal sealed class ApiKeyDialect : IApiTokenDialect
{
    /// <summary>Where the keyId sits in <c>fk_{keyId}_{secret}</c>: the 8 hex characters after the prefix.</summary>
    private static readonly Range KeyIdRange = 3..11;

    public static ApiKeyDialect Instance { get; } = new();

    private ApiKeyDialect()
    {
    }

    public FlashApiTokenKind Kind => FlashApiTokenKind.ApiKey;

    public string Description => "Flash API key (fk_, created over HTTP)";

    public string CredentialSummary => "The store uses a Flash API key (fk_), created over HTTP: the way Flash works today.";

    public string Label(ApiTokenInfo token) => $"fk_{token.KeyId} key";

    public AuthHeader HeaderFor(string token) => AuthHeader.ApiKey(token);

    public string? KeyIdOf(string token) => token[KeyIdRange];

    public string Redacted(string token) => $"fk_{KeyIdOf(token)}_… (redacted)";

    public async Task<ProvisionedApiToken> ProvisionAsync(
        SessionChannels channels, FlashEndpoints endpoints, string session, ApiTokenRequest request, CancellationToken cancellation)
    {
        var http = channels.Http(endpoints, session);
        var variables = new InputVariables<ApiKeyCreateInput>(new ApiKeyCreateInput(request.Name, ApiTokenScopes.ApiKey, request.ExpiresInSeconds, request.RateLimitPerMinute));
        JsonElement data;
        try
        {
            // A mutation: a retried create could leave a second key behind, so it is not repeated.
            data = await http.ExecuteAsync(
                FlashOperations.ApiKeyCreate.Request(variables, TokenJsonContext.Default.InputVariablesApiKeyCreateInput),
                OperationSafety.Unsafe, cancellation);
        }
        catch (FlashApiException failure) when (MayHaveRun(failure))
        {
            // Flash (or a proxy in front of it) got the request and the answer was lost: the key may exist, unlisted
            // anywhere the plugin keeps; the owner is told where to find it.
            throw new ApiTokenProvisioningException(ProvisioningFailure.CreateOutcomeUnknown, ApiTokenAction.Create, endpoints.Server,
                innerException: failure, tokenName: request.Name);
        }
        catch (FlashApiException failure)
        {
            throw SessionChannels.Explain(failure, endpoints.Server, ApiTokenAction.Create);
        }
        return ToProvisioned(TokenWire.Read(data, TokenJsonContext.Default.ApiKeyCreateData, endpoints.Server, ApiTokenAction.Create).ApiKeyCreate,
            endpoints.Server, ApiTokenAction.Create);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(SessionChannels channels, FlashEndpoints endpoints, string session, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.List, FlashOperations.ApiKeys.Request(), cancellation);
        return TokenWire.Read(data, TokenJsonContext.Default.ApiKeysData, endpoints.Server, ApiTokenAction.List).ApiKeys
            .Select(k => new ApiTokenInfo(k.Id, ApiTokenNames.ForDisplay(k.Name), Kind, k.KeyId, k.Scopes, DateTimeOffset.FromUnixTimeSeconds(k.CreatedAt),
                TokenWire.FromUnixSeconds(k.ExpiresAt), TokenWire.FromUnixSeconds(k.LastUsedAt), k.Status, null))
            .ToList();
    }

    public async Task RevokeAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.Revoke, TokenWire.ById(FlashOperations.ApiKeyRevoke, id), cancellation);
        TokenWire.ThrowOnErrors(TokenWire.Read(data, TokenJsonContext.Default.ApiKeyRevokeData, endpoints.Server, ApiTokenAction.Revoke).ApiKeyRevoke.Errors,
            endpoints.Server, ApiTokenAction.Revoke);
    }

    public async Task<ProvisionedApiToken> RotateAsync(SessionChannels channels, FlashEndpoints endpoints, string session, string id, CancellationToken cancellation)
    {
        var data = await ExecuteAsync(channels, endpoints, session, ApiTokenAction.Rotate, TokenWire.ById(FlashOperations.ApiKeyRotate, id), cancellation);
        return ToProvisioned(TokenWire.Read(data, TokenJsonContext.Default.ApiKeyRotateData, endpoints.Server, ApiTokenAction.Rotate).ApiKeyRotate,
            endpoints.Server, ApiTokenAction.Rotate);
    }

    private static async Task<JsonElement> ExecuteAsync(
        SessionChannels channels, FlashEndpoints endpoints, string session, ApiTokenAction action, GraphQLRequest request, CancellationToken cancellation)
    {
        try
        {
            return await channels.Http(endpoints, session).ExecuteAsync(request, OperationSafety.Unsafe, cancellation);
        }
        catch (FlashApiException failure)
        {
            throw SessionChannels.Explain(failure, endpoints.Server, action);
        }
    }

    /// <summary>The API key service gives <c>expiresAt</c> in Unix seconds.</summary>
    private ProvisionedApiToken ToProvisioned(ApiKeyPayload payload, string server, ApiTokenAction action)
    {
        TokenWire.ThrowOnErrors(payload.Errors, server, action);
        var created = payload.ApiKey ?? throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);
        return TokenWire.Provisioned(created.ApiKey, Kind, created.Id, created.Name, created.Scopes, TokenWire.FromUnixSeconds(created.ExpiresAt),
            created.RateLimitPerMinute, server, action);
    }

    /// <summary>
    /// Whether a request that failed may have run all the same: the server or a proxy answered with a failure status,
    /// the connection broke after the request went out, the attempt timed out, or a success came back unreadable.
    /// A connection that could not be made, or a server the transport refuses to reach, ran nothing.
    /// </summary>
    private static bool MayHaveRun(FlashApiException failure) => failure switch
    {
        FlashTransientException { HttpStatus: not null } => true,
        FlashTransientException { InnerException: HttpRequestException e } =>
            e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError),
        FlashTransientException { InnerException: IOException or OperationCanceledException } => true,
        FlashProtocolException { HttpStatus: >= 200 and < 300 } => true,
        _ => false,
    };
}
