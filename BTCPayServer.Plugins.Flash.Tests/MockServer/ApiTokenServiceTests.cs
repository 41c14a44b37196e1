using System.Net;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// The mock's API token service (<c>apiToken*</c>, <c>flash_</c> tokens; its <c>seed</c> dialect) end to end:
/// WebSocket provisioning with the session, Bearer tokens over HTTP.
/// </summary>
public sealed class ApiTokenServiceTests
{
    private const string Me = "{ me { id defaultAccount { id } } }";
    private const string Wallets = "{ me { defaultAccount { wallets { id walletCurrency balance } } } }";

    [Fact]
    public async Task The_original_plugin_flow_fails_a_session_token_over_http_is_401()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var response = await mock.Http.WithBearerAsync(mock.SessionToken, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(mock.SessionToken, response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_created_over_the_websocket_authenticates_http_calls()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "BTCPay Server shop", scopes = new[] { "read", "write" }, expiresIn = 3600 });
        var created = payload["apiToken"]!;
        var token = created["token"]!.GetValue<string>();

        Assert.True(FlashTokenFormat.IsWellFormed(token));
        Assert.Equal("BTCPay Server shop", created["name"]!.GetValue<string>());
        Assert.Equal(["read", "write"], created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(created["warning"]!.GetValue<string>()));
        Assert.True(DateTimeOffset.Parse(created["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);

        var me = await mock.Http.WithBearerAsync(token, Me);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(mock.Server.Demo.AccountId, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_operations_over_the_websocket_get_Flash_own_refusal()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, mock.SessionToken);

        await socket.SubscribeAsync("q", Me);
        var error = await socket.ReceiveAsync("q", "error");

        Assert.Equal("Only subscription operations are supported", error["payload"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_token_needs_a_valid_session()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, "ory_st_notarealsessiontoken000000000");

        await socket.SubscribeAsync("1", CredentialFlows.CreateTokenMutation, new { input = new { name = "x-token" } });
        var error = await socket.ReceiveAsync("1", "error");

        Assert.Equal("NOT_AUTHORIZED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scopes_are_enforced_with_RFC6750_answers()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var readOnly = await CredentialFlows.TokenAsync(mock, ["read"]);
        var wallet = (await mock.Http.WithBearerAsync(readOnly, Wallets)).Data!["me"]!["defaultAccount"]!["wallets"]![0]!["id"]!.GetValue<string>();

        var create = await mock.Http.WithBearerAsync(readOnly,
            "mutation($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) { invoice { paymentRequest } errors { message } } }",
            new { input = new { walletId = wallet, amount = 100 } });

        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Contains("insufficient_scope", create.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("scope=\"write\"", create.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admin_tokens_can_manage_tokens()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var writer = await CredentialFlows.TokenAsync(mock, ["write"], name: "writer");
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");

        var denied = await mock.Http.WithBearerAsync(writer, "{ apiTokens { id } }");
        var listed = await mock.Http.WithBearerAsync(admin, "{ apiTokens { id name } }");

        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(2, listed.Data!["apiTokens"]!.AsArray().Count);
    }

    [Fact]
    public async Task Expired_tokens_are_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.TimeProvider = clock);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], expiresIn: 60);

        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithBearerAsync(token, Me)).Status);
        clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await mock.Http.WithBearerAsync(token, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Contains("expired", expired.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revocation_takes_effect_on_the_next_request()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "to-revoke", scopes = new[] { "read" } });
        var token = payload["apiToken"]!["token"]!.GetValue<string>();
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");
        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithBearerAsync(token, Me)).Status);

        var revoked = await mock.Http.WithBearerAsync(admin, "mutation($id: String!) { apiTokenRevoke(input: { id: $id }) { apiToken { status } errors { message } } }",
            new { id = payload["apiToken"]!["id"]!.GetValue<string>() });

        Assert.Equal("REVOKED", revoked.Data!["apiTokenRevoke"]!["apiToken"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await mock.Http.WithBearerAsync(token, Me)).Status);
    }

    [Fact]
    public async Task Rotation_issues_a_new_secret_with_the_same_properties_and_revokes_the_old()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "rotating", scopes = new[] { "read", "write" }, expiresIn = 7200, rateLimitPerMinute = 30 });
        var old = payload["apiToken"]!;
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");

        var rotated = (await mock.Http.WithBearerAsync(admin,
            "mutation($id: String!) { apiTokenRotate(input: { id: $id }) { apiToken { id name token scopes expiresAt rateLimitPerMinute } errors { message } } }",
            new { id = old["id"]!.GetValue<string>() })).Data!["apiTokenRotate"]!["apiToken"]!;

        Assert.NotEqual(old["id"]!.GetValue<string>(), rotated["id"]!.GetValue<string>());
        Assert.NotEqual(old["token"]!.GetValue<string>(), rotated["token"]!.GetValue<string>());
        Assert.Equal("rotating", rotated["name"]!.GetValue<string>());
        Assert.Equal(old["expiresAt"]!.GetValue<string>(), rotated["expiresAt"]!.GetValue<string>());
        Assert.Equal(30, rotated["rateLimitPerMinute"]!.GetValue<int>());
        Assert.Equal(["read", "write"], rotated["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await mock.Http.WithBearerAsync(old["token"]!.GetValue<string>(), Me)).Status);
        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithBearerAsync(rotated["token"]!.GetValue<string>(), Me)).Status);
    }

    [Fact]
    public async Task Listing_shows_usage_and_never_secrets()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], name: "used");
        for (var i = 0; i < 3; i++)
            await mock.Http.WithBearerAsync(token, Me);
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");

        var list = await mock.Http.WithBearerAsync(admin, "{ apiTokens { id name status lastUsedAt requestCount scopes createdAt expiresAt allowedIps } }");

        var used = list.Data!["apiTokens"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "used")!;
        Assert.Equal(3, used["requestCount"]!.GetValue<int>());
        Assert.NotNull(used["lastUsedAt"]);
        Assert.Equal("ACTIVE", used["status"]!.GetValue<string>());
        Assert.DoesNotContain(token, list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token[6..20], list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_ten_active_tokens_even_under_fifty_concurrent_creates()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = $"concurrent {i}", scopes = new[] { "read" } })));

        Assert.Equal(10, results.Count(r => r["apiToken"] is not null));
        Assert.Equal(40, results.Count(r => r["errors"]!.AsArray().Any(e => e!["code"]!.GetValue<string>() == "TOO_MANY_TOKENS")));
        var stored = await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, CredentialKind.Token, CancellationToken.None);
        Assert.Equal(10, stored.Count);
    }

    [Theory]
    [InlineData("flash_")]
    [InlineData("flash_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA000000")]
    [InlineData("flash_<script>alert(1)</script>")]
    [InlineData("garbage")]
    public async Task Garbage_and_bad_checksum_tokens_are_401_and_not_echoed(string token)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var response = await mock.Http.WithBearerAsync(token, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_formed_token_with_a_wrong_checksum_is_refused_without_a_lookup()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var token = await CredentialFlows.TokenAsync(mock, ["read"]);
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        var response = await mock.Http.WithBearerAsync(tampered, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        var audit = await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None);
        Assert.Contains(audit, e => e.Event == "denied" && e.Detail == nameof(CredentialRejection.Malformed));
    }

    [Fact]
    public async Task Rate_limits_answer_429_with_Retry_After()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], rateLimitPerMinute: 3);

        var statuses = new List<HttpStatusCode>();
        ProbeResponse? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await mock.Http.WithBearerAsync(token, Me);
            statuses.Add(response.Status);
            limited = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(limited!.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("TOO_MANY_REQUESTS", limited.FirstErrorCode);
    }

    [Fact]
    public async Task A_limit_for_all_overrides_the_limit_a_token_asked_for()
    {
        // For benchmarks, which measure throughput: the plugin always asks for a limit of its own.
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.RateLimitPerMinuteForAll = 2);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], rateLimitPerMinute: 1_000);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await mock.Http.WithBearerAsync(token, Me)).Status);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Ip_allowlists_admit_listed_ranges_and_fail_closed_for_others()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var local = await CredentialFlows.TokenAsync(mock, ["read"], name: "loopback only", allowedIps: ["127.0.0.0/8", "::1"]);
        var remote = await CredentialFlows.TokenAsync(mock, ["read"], name: "office only", allowedIps: ["203.0.113.0/24"]);

        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithBearerAsync(local, Me)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await mock.Http.WithBearerAsync(remote, Me)).Status);
        var audit = await mock.Server.Services.Audit.ReadAsync(mock.Server.Demo.AccountId, null, CancellationToken.None);
        Assert.Contains(audit, e => e.Event == "denied" && e.Detail == nameof(CredentialRejection.IpNotAllowed));
    }

    [Fact]
    public async Task Invalid_creation_input_is_a_payload_error()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var badName = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "x" });
        var badRange = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "valid name", allowedIps = new[] { "nope" } });
        var badLimit = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "valid name", rateLimitPerMinute = 0 });

        Assert.All([badName, badRange, badLimit], p =>
        {
            Assert.Null(p["apiToken"]);
            Assert.Equal("INVALID_INPUT", p["errors"]![0]!["code"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task The_audit_log_records_lifecycle_events_without_secrets()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "audited", scopes = new[] { "read" }, rateLimitPerMinute = 1 });
        var token = payload["apiToken"]!["token"]!.GetValue<string>();
        var id = payload["apiToken"]!["id"]!.GetValue<string>();
        await mock.Http.WithBearerAsync(token, Me);
        await mock.Http.WithBearerAsync(token, Me);
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");
        await mock.Http.WithBearerAsync(admin, "mutation($id: String!) { apiTokenRotate(input: { id: $id }) { errors { message } } }", new { id });
        await mock.Http.WithBearerAsync(token, Me);

        var events = await mock.Server.Services.Audit.ReadAsync(null, id, CancellationToken.None);

        Assert.Equal(["created", "rate_limited", "rotated", "denied"], events.Select(e => e.Event));
        Assert.All(events, e =>
        {
            Assert.Equal(mock.Server.Demo.AccountId, e.AccountId);
            Assert.Equal("127.0.0.1", e.Ip);
            Assert.DoesNotContain(token[6..], e.ToString(), StringComparison.Ordinal);
        });
    }
}
