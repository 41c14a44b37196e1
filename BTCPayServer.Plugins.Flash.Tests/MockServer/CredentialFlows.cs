using System.Text.Json.Nodes;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>How clients obtain credentials from the mock in each dialect, over the real transports.</summary>
internal static class CredentialFlows
{
    public const string CreateTokenMutation = """
        mutation Create($input: ApiTokenCreateInput!) {
          apiTokenCreate(input: $input) {
            apiToken { id name token scopes expiresAt warning rateLimitPerMinute allowedIps }
            errors { code message }
          }
        }
        """;

    public const string CreateKeyMutation = """
        mutation Create($input: ApiKeyCreateInput!) {
          apiKeyCreate(input: $input) {
            apiKey { id keyId name apiKey scopes expiresAt rateLimitPerMinute warning }
            errors { code message }
          }
        }
        """;

    /// <summary>The API token service's flow: the session authenticates the WebSocket, <c>apiTokenCreate</c> runs over it.</summary>
    public static async Task<JsonNode> CreateTokenOverWebSocketAsync(MockServerHarness harness, object input, string? session = null)
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(harness.Server.WebSocketUri, session ?? harness.SessionToken);
        await socket.SubscribeAsync("1", CreateTokenMutation, new { input });
        var next = await socket.ReceiveAsync("1", "next");
        return next["payload"]!["data"]!["apiTokenCreate"]!;
    }

    public static async Task<string> TokenAsync(MockServerHarness harness, string[] scopes, string name = "BTCPay Server test", long? expiresIn = null,
        int? rateLimitPerMinute = null, string[]? allowedIps = null)
    {
        var payload = await CreateTokenOverWebSocketAsync(harness, new { name, scopes, expiresIn, rateLimitPerMinute, allowedIps });
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["apiToken"]!["token"]!.GetValue<string>();
    }

    /// <summary>The API key service's flow (what Flash runs today): <c>apiKeyCreate</c> over HTTP with the session as Bearer.</summary>
    public static async Task<JsonNode> CreateKeyAsync(MockServerHarness harness, object input, string? session = null)
    {
        var response = await harness.Http.WithBearerAsync(session ?? harness.SessionToken, CreateKeyMutation, new { input });
        return response.Data!["apiKeyCreate"]!;
    }

    public static async Task<string> KeyAsync(MockServerHarness harness, string[] scopes, string name = "BTCPay Server test", int? rateLimitPerMinute = null)
    {
        var payload = await CreateKeyAsync(harness, new { name, scopes, rateLimitPerMinute });
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["apiKey"]!["apiKey"]!.GetValue<string>();
    }
}
