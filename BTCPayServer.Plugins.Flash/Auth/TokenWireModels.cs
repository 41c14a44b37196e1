using System.Text.Json.Serialization;
using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Auth;

// The token operations' variables and payloads as they travel, for both services (apiToken* and apiKey*).
// Variables are wrapped in FlashApi's InputVariables and payload errors are FlashApi's PayloadError, as for every operation.
// Times: ApiTokenCreated.expiresAt is an ISO 8601 string (the API token service); every other time is Unix seconds (Timestamp).

internal sealed record ApiTokenCreateInput(string Name, IReadOnlyList<string> Scopes, long? ExpiresIn, int? RateLimitPerMinute);

internal sealed record ApiKeyCreateInput(string Name, IReadOnlyList<string> Scopes, long? ExpiresIn, int? RateLimitPerMinute);

internal sealed record IdInput(string Id);

// RateLimitPerMinute is optional: null is Flash's "the platform default applies", and older answers lack it.
internal sealed record CreatedApiToken(string Id, string Name, string Token, IReadOnlyList<string> Scopes, string? ExpiresAt, int? RateLimitPerMinute = null)
{
    public override string ToString() => $"API token {Id} '{Name}'";
}

internal sealed record CreatedApiKey(string Id, string KeyId, string Name, string ApiKey, IReadOnlyList<string> Scopes, long? ExpiresAt, int? RateLimitPerMinute = null)
{
    public override string ToString() => $"API key {Id} '{Name}'";
}

internal sealed record ApiTokenPayload(CreatedApiToken? ApiToken, IReadOnlyList<PayloadError>? Errors);

internal sealed record ApiKeyPayload(CreatedApiKey? ApiKey, IReadOnlyList<PayloadError>? Errors);

internal sealed record ApiTokenCreateData(ApiTokenPayload ApiTokenCreate);

internal sealed record ApiTokenRotateData(ApiTokenPayload ApiTokenRotate);

internal sealed record ApiKeyCreateData(ApiKeyPayload ApiKeyCreate);

internal sealed record ApiKeyRotateData(ApiKeyPayload ApiKeyRotate);

internal sealed record RevokedCredential(string Id, string Status);

internal sealed record RevokedTokenPayload(RevokedCredential? ApiToken, IReadOnlyList<PayloadError>? Errors);

internal sealed record RevokedKeyPayload(RevokedCredential? ApiKey, IReadOnlyList<PayloadError>? Errors);

internal sealed record ApiTokenRevokeData(RevokedTokenPayload ApiTokenRevoke);

internal sealed record ApiKeyRevokeData(RevokedKeyPayload ApiKeyRevoke);

internal sealed record ListedApiToken(string Id, string Name, IReadOnlyList<string> Scopes, long CreatedAt, long? ExpiresAt, long? LastUsedAt, string Status, long? RequestCount);

internal sealed record ListedApiKey(string Id, string KeyId, string Name, IReadOnlyList<string> Scopes, long CreatedAt, long? ExpiresAt, long? LastUsedAt, string Status);

internal sealed record ApiTokensData(IReadOnlyList<ListedApiToken> ApiTokens);

internal sealed record ApiKeysData(IReadOnlyList<ListedApiKey> ApiKeys);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(InputVariables<ApiTokenCreateInput>))]
[JsonSerializable(typeof(InputVariables<ApiKeyCreateInput>))]
[JsonSerializable(typeof(InputVariables<IdInput>))]
[JsonSerializable(typeof(ApiTokenCreateData))]
[JsonSerializable(typeof(ApiTokenRotateData))]
[JsonSerializable(typeof(ApiKeyCreateData))]
[JsonSerializable(typeof(ApiKeyRotateData))]
[JsonSerializable(typeof(ApiTokenRevokeData))]
[JsonSerializable(typeof(ApiKeyRevokeData))]
[JsonSerializable(typeof(ApiTokensData))]
[JsonSerializable(typeof(ApiKeysData))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
