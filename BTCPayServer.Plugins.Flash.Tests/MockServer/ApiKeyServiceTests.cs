using System.Net;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// The mock's API key service (<c>apiKey*</c>, <c>fk_</c> keys; its <c>fip07</c> dialect), as Flash runs today: keys
/// created over HTTP with the session, used as X-API-KEY.
/// </summary>
public sealed class ApiKeyServiceTests
{
    private const string Me = "{ me { id } }";
    private const string Wallets = "{ me { defaultAccount { wallets { id balance } } } }";
    private const string InvalidApiKey = """{"error":"invalid_api_key"}""";

    [Fact]
    public async Task Keys_are_created_over_http_with_the_session_and_used_as_X_API_KEY()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

        var payload = await CredentialFlows.CreateKeyAsync(mock, new { name = "BTCPay Server", scopes = new[] { "read_user", "read_wallet", "write_wallet" } });
        var key = payload["apiKey"]!["apiKey"]!.GetValue<string>();

        Assert.Matches("^fk_[0-9a-f]{8}_[A-Za-z0-9_-]{64}$", key);
        Assert.Equal(key[3..11], payload["apiKey"]!["keyId"]!.GetValue<string>());
        var me = await mock.Http.WithApiKeyAsync(key, Me);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(mock.Server.Demo.AccountId, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_websocket_refuses_every_query_and_mutation()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, mock.SessionToken);

        await socket.SubscribeAsync("1", CredentialFlows.CreateKeyMutation, new { input = new { name = "over ws" } });
        var error = await socket.ReceiveAsync("1", "error");

        Assert.Equal("Only subscription operations are supported", error["payload"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_api_token_service_operations_do_not_exist()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

        var response = await mock.Http.WithBearerAsync(mock.SessionToken, CredentialFlows.CreateTokenMutation, new { input = new { name = "seed" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(response.Errors!, e => e!["message"]!.GetValue<string>().Contains("apiTokenCreate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_sent_as_Bearer_is_rejected_like_any_bad_key()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var key = await CredentialFlows.KeyAsync(mock, ["read_user"]);

        var response = await mock.Http.WithBearerAsync(key, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(InvalidApiKey, response.Body);
    }

    [Fact]
    public async Task Every_gateway_failure_has_the_same_body()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var revoked = await CredentialFlows.CreateKeyAsync(mock, new { name = "revoked", scopes = new[] { "read_user" } });
        await mock.Http.WithBearerAsync(mock.SessionToken, "mutation($id: ID!) { apiKeyRevoke(input: { id: $id }) { errors { message } } }",
            new { id = revoked["apiKey"]!["id"]!.GetValue<string>() });
        var restricted = await CredentialFlows.KeyAsync(mock, ["read_user"], name: "restricted");
        var restrictedId = (await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, CredentialKind.ApiKey, CancellationToken.None))
            .Single(c => c.Name == "restricted").Id;
        await mock.Server.Services.Credentials.SetAllowedIpsAsync(restrictedId, ["198.51.100.0/24"], CancellationToken.None);

        string[] failures =
        [
            "fk_00000000_" + new string('a', 64),
            "fk_garbage",
            revoked["apiKey"]!["apiKey"]!.GetValue<string>(),
            restricted,
        ];
        foreach (var key in failures)
        {
            var response = await mock.Http.WithApiKeyAsync(key, Me);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal(InvalidApiKey, response.Body);
        }
    }

    [Fact]
    public async Task Keys_cannot_manage_keys()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var key = await CredentialFlows.KeyAsync(mock, ["admin"]);

        var response = await mock.Http.WithApiKeyAsync(key, "{ apiKeys { id } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("NOT_AUTHORIZED", response.Errors![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wallet_data_needs_wallet_scope_even_through_me()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var userOnly = await CredentialFlows.KeyAsync(mock, ["read_user"], name: "user");
        var wallet = await CredentialFlows.KeyAsync(mock, ["read_user", "write_wallet"], name: "wallet");

        Assert.Equal("NOT_AUTHORIZED", (await mock.Http.WithApiKeyAsync(userOnly, Wallets)).FirstErrorCode);
        var allowed = await mock.Http.WithApiKeyAsync(wallet, Wallets);
        Assert.Null(allowed.Errors);
        Assert.Equal(2, allowed.Data!["me"]!["defaultAccount"]!["wallets"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rate_limits_answer_like_Flash_200_with_TOO_MANY_REQUESTS()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var key = await CredentialFlows.KeyAsync(mock, ["read_user"], rateLimitPerMinute: 2);

        await mock.Http.WithApiKeyAsync(key, Me);
        await mock.Http.WithApiKeyAsync(key, Me);
        var limited = await mock.Http.WithApiKeyAsync(key, Me);

        Assert.Equal(HttpStatusCode.OK, limited.Status);
        var error = limited.Errors![0]!;
        Assert.Equal("API key rate limit exceeded", error["message"]!.GetValue<string>());
        Assert.Equal("TOO_MANY_REQUESTS", error["extensions"]!["code"]!.GetValue<string>());
        Assert.True(error["extensions"]!["retryAfterSeconds"]!.GetValue<int>() >= 1);
        Assert.Equal(2, error["extensions"]!["rateLimit"]!["limit"]!.GetValue<int>());
        Assert.Equal("2", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Rotation_and_listing_work_with_the_session()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var created = await CredentialFlows.CreateKeyAsync(mock, new { name = "rotate me", scopes = new[] { "read_user" } });
        var oldKey = created["apiKey"]!["apiKey"]!.GetValue<string>();

        var rotated = (await mock.Http.WithBearerAsync(mock.SessionToken,
            "mutation($id: ID!) { apiKeyRotate(input: { id: $id }) { apiKey { apiKey keyId name scopes } errors { message } } }",
            new { id = created["apiKey"]!["id"]!.GetValue<string>() })).Data!["apiKeyRotate"]!["apiKey"]!;
        var list = await mock.Http.WithBearerAsync(mock.SessionToken, "{ apiKeys { name status keyId } }");

        Assert.Equal("rotate me", rotated["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await mock.Http.WithApiKeyAsync(oldKey, Me)).Status);
        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithApiKeyAsync(rotated["apiKey"]!.GetValue<string>(), Me)).Status);
        Assert.Equal(["ACTIVE", "REVOKED"], list.Data!["apiKeys"]!.AsArray().Select(k => k!["status"]!.GetValue<string>()));
        Assert.DoesNotContain(oldKey[12..], list.Body, StringComparison.Ordinal);
    }
}
