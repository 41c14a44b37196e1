using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>What both dialects' token operations share on the wire: the id input, reading answers, and checking the token handed out.</summary>
internal static class TokenWire
{
    public static GraphQLRequest ById(FlashOperation operation, string id) =>
        operation.Request(new InputVariables<IdInput>(new IdInput(id)), TokenJsonContext.Default.InputVariablesIdInput);

    public static T Read<T>(JsonElement data, JsonTypeInfo<T> type, string server, ApiTokenAction action)
    {
        // Creating and rotating expect a token back; listing and revoking only an answer.
        var failure = action is ApiTokenAction.Create or ApiTokenAction.Rotate ? ProvisioningFailure.InvalidTokenReturned : ProvisioningFailure.UnreadableAnswer;
        try
        {
            return data.Deserialize(type) ?? throw new ApiTokenProvisioningException(failure, action, server);
        }
        catch (JsonException e)
        {
            // The exception's message can quote the offending value, which may be the token: keep only its type.
            throw new ApiTokenProvisioningException(failure, action, server, null, new FormatException(e.GetType().Name));
        }
    }

    /// <summary>Throws the failure a payload's <c>errors</c> describe, if it has any.</summary>
    public static void ThrowOnErrors(IReadOnlyList<PayloadError>? errors, string server, ApiTokenAction action)
    {
        if (errors is { Count: > 0 })
            throw SessionChannels.Explain(errors, server, action);
    }

    /// <summary>The token a create or rotate handed out, validated; its name is kept as it will be shown (see <see cref="ApiTokenNames"/>).</summary>
    public static ProvisionedApiToken Provisioned(
        string? token, FlashApiTokenKind kind, string id, string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, int? rateLimitPerMinute,
        string server, ApiTokenAction action) =>
        FlashApiToken.TryParse(token, out var valid, out _)
            ? new ProvisionedApiToken(valid!, kind, id, ApiTokenNames.ForDisplay(name), scopes, expiresAt, rateLimitPerMinute)
            : throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);

    public static DateTimeOffset? FromUnixSeconds(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
