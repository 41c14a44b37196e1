using System.Text.Json;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>
/// Provisioning end to end over real loopback sockets: a session sent where only API tokens are accepted, Flash's
/// API token service (<c>apiTokenCreate</c> over the WebSocket, encryption, <c>flash_</c> as Bearer over HTTP) and
/// the fallback to the API key service (<c>apiKeyCreate</c> over HTTP, <c>fk_</c> keys), as Flash runs today.
/// </summary>
public sealed class ApiTokenProvisioningTests : IDisposable
{
    private readonly HttpRequestCounter _requests = new();
    private readonly FlashServices _flash;
    private readonly KeyRing _keys = new();

    public ApiTokenProvisioningTests() => _flash = new FlashServices(_requests);

    [Fact]
    public async Task The_original_flow_fails_a_session_token_over_http_is_refused()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var transport = new GraphQLHttpTransport(_flash.HttpClients.CreateClient(FlashHttpClient.Name), mock.Server.GraphQLUri,
            _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(mock.SessionToken)));

        var error = await Assert.ThrowsAsync<FlashUnauthorizedException>(() => transport.ExecuteAsync(new GraphQLRequest("{ me { id } }")));

        Assert.Equal(401, error.HttpStatus);
    }

    [Fact]
    public async Task The_api_token_service_provisions_over_one_websocket_operation_then_bearer_over_http_works()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server demo", TimeSpan.FromDays(365)));

        Assert.Equal(FlashApiTokenKind.ApiToken, provisioned.Kind);
        Assert.Equal(FlashApiTokenKind.ApiToken, provisioned.Token.Kind);
        Assert.Equal(["read", "write"], provisioned.Scopes);
        Assert.InRange(provisioned.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));
        Assert.Equal(1, mock.Server.Services.WebSockets.Connections);
        Assert.Equal(1, mock.Server.Services.WebSockets.Subscribes);
        Assert.Equal(0, _requests.All);

        var protector = new ApiTokenProtector(_keys.Provider);
        var stored = new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = protector.Protect(provisioned.Token), AllowInsecure = false }.ToConnectionString();
        Assert.True(FlashConnectionString.TryParse(stored, NBitcoin.Network.RegTest, out var connection, out var error), error);
        var me = await MeAsync(connection!, new ApiTokenProtector(_keys.Open()));
        Assert.Equal(mock.Server.Demo.AccountId, me);
        Assert.DoesNotContain(provisioned.Token.Value, stored, StringComparison.Ordinal);
        _flash.Logs.AssertContainsNone(provisioned.Token.Value, mock.SessionToken);
    }

    [Fact]
    public async Task Flash_today_falls_back_to_an_http_api_key_sent_as_X_API_KEY()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server demo", null));

        Assert.Equal(FlashApiTokenKind.ApiKey, provisioned.Kind);
        Assert.Equal(FlashApiTokenKind.ApiKey, provisioned.Token.Kind);
        Assert.Equal(["read_user", "read_wallet", "write_wallet"], provisioned.Scopes);
        Assert.Null(provisioned.ExpiresAt);
        Assert.Equal(1, mock.Server.Services.WebSockets.Subscribes);
        Assert.Equal(1, _requests.All);
        var protector = new ApiTokenProtector(_keys.Provider);
        var connection = new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = protector.Protect(provisioned.Token) };
        Assert.Equal(mock.Server.Demo.AccountId, await MeAsync(connection, protector));
        _flash.Logs.AssertContainsNone(provisioned.Token.Value, mock.SessionToken);
    }

    [Theory]
    [InlineData(TokenDialect.Seed, 1_000)]
    [InlineData(TokenDialect.Fip07, 1_000)]
    [InlineData(TokenDialect.Seed, 2_500)]
    [InlineData(TokenDialect.Fip07, 10_000)]
    public async Task The_new_token_has_the_rate_limit_asked_for_and_keeps_it_when_rotated(TokenDialect dialect, int requestsPerMinute)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var request = requestsPerMinute == ApiTokenRequest.DefaultRateLimitPerMinute
            ? new ApiTokenRequest("BTCPay Server busy store", null)
            : new ApiTokenRequest("BTCPay Server busy store", null, requestsPerMinute);

        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, request);
        var rotated = await _flash.Administration.RotateAsync(Endpoints(mock), mock.SessionToken, provisioned.Token.Kind, provisioned.Id);

        Assert.Equal(requestsPerMinute, provisioned.RateLimitPerMinute);
        Assert.Equal(requestsPerMinute, rotated.RateLimitPerMinute);
        var kind = dialect == TokenDialect.Seed ? global::Flash.MockServer.Storage.CredentialKind.Token : global::Flash.MockServer.Storage.CredentialKind.ApiKey;
        var held = await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, kind, CancellationToken.None);
        Assert.Equal([requestsPerMinute, requestsPerMinute], held.Select(c => c.RateLimitPerMinute));
    }

    [Fact]
    public async Task The_flash_today_profile_is_handled_like_Flash()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server demo", null));
        Assert.Equal(FlashApiTokenKind.ApiKey, provisioned.Kind);
    }

    [Fact]
    public async Task A_websocket_refused_with_4403_falls_back_to_http()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Both);
        mock.Server.Services.Faults.Arm(new Fault(FaultKind.RejectWebSocketInit, 1));

        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server demo", null));

        Assert.Equal(FlashApiTokenKind.ApiKey, provisioned.Kind);
    }

    [Fact]
    public async Task An_unreachable_websocket_falls_back_to_http()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, new Uri("ws://127.0.0.1:9/graphql"));

        var provisioned = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, new ApiTokenRequest("BTCPay Server demo", null));

        Assert.Equal(FlashApiTokenKind.ApiKey, provisioned.Kind);
    }

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public async Task A_wrong_session_is_reported_as_such(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        const string wrong = "ory_st_wrongwrongwrongwrongwrongwrong12";

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Provisioner.ProvisionAsync(Endpoints(mock), wrong, new ApiTokenRequest("BTCPay Server demo", null)));

        Assert.Equal(ProvisioningFailure.SessionRejected, error.Failure);
        Assert.Equal($"Flash ({mock.Server.GraphQLUri.Authority}) did not accept the session token: sign in to Flash again and paste a fresh one.", error.Message);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        _flash.Logs.AssertContainsNone(wrong);
    }

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public async Task The_token_limit_is_reported_so_the_owner_can_revoke_one(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        for (var i = 0; i < 10; i++)
            await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest($"token {i}", null));

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("one too many", null)));

        Assert.Equal(ProvisioningFailure.TokenLimitReached, error.Failure);
        Assert.Equal(
            $"Your Flash account ({mock.Server.GraphQLUri.Authority}) already has the most API tokens allowed: revoke one you no longer use, then connect again.",
            error.Message);
        var kind = dialect == TokenDialect.Seed ? FlashApiTokenKind.ApiToken : FlashApiTokenKind.ApiKey;
        var tokens = await _flash.Administration.ListAsync(Endpoints(mock), mock.SessionToken, kind);
        Assert.Equal(10, tokens.Count(t => t.IsActive));
        await _flash.Administration.RevokeAsync(Endpoints(mock), mock.SessionToken, kind, tokens[0].Id);
        Assert.Equal(FlashApiTokenKind.ApiToken == (await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("fits again", null))).Kind,
            dialect == TokenDialect.Seed);
    }

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public async Task Listing_revoking_and_rotating_with_the_session(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var endpoints = Endpoints(mock);
        var original = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, new ApiTokenRequest("BTCPay Server shop", TimeSpan.FromDays(30)));
        var kind = original.Token.Kind;

        var rotated = await _flash.Administration.RotateAsync(endpoints, mock.SessionToken, kind, original.Id);
        var listed = await _flash.Administration.ListAsync(endpoints, mock.SessionToken, kind);

        Assert.Equal(original.Name, rotated.Name);
        Assert.Equal(original.Scopes, rotated.Scopes);
        Assert.NotEqual(original.Token.Value, rotated.Token.Value);
        Assert.Contains(listed, t => t.Id == original.Id && t.Status == "REVOKED");
        Assert.Contains(listed, t => t.Id == rotated.Id && t.IsActive);

        await _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, kind, rotated.Id);
        var revoked = await Assert.ThrowsAsync<FlashUnauthorizedException>(() => MeAsync(
            new FlashConnectionString { Endpoints = endpoints, PlainToken = rotated.Token }, new ApiTokenProtector(_keys.Provider)));
        Assert.Equal(401, revoked.HttpStatus);
        var missing = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, kind, "no-such-token"));
        Assert.Equal(ProvisioningFailure.TokenNotFound, missing.Failure);
        _flash.Logs.AssertContainsNone(original.Token.Value, rotated.Token.Value, mock.SessionToken);
    }

    [Fact]
    public async Task A_server_returning_a_malformed_token_has_nothing_stored()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.WebSocketScript = async socket =>
        {
            await socket.AcknowledgeAsync();
            var subscribe = await socket.ExpectAsync("subscribe");
            await socket.SendNextAsync(subscribe.GetProperty("id").GetString()!,
                """{"apiTokenCreate":{"apiToken":{"id":"t1","name":"x","token":"flash_notreallyatoken","scopes":["read"],"expiresAt":null},"errors":[]}}""");
            await socket.SendCompleteAsync(subscribe.GetProperty("id").GetString()!);
        };

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Provisioner.ProvisionAsync(FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint), "ory_st_session", new ApiTokenRequest("BTCPay Server", null)));

        Assert.Equal(ProvisioningFailure.InvalidTokenReturned, error.Failure);
        Assert.Equal(
            $"Flash ({server.HttpEndpoint.Authority}) answered with something that is not a valid API token; nothing was saved. Check that the server address is Flash's GraphQL API.",
            error.Message);
        Assert.DoesNotContain("flash_notreallyatoken", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_reported_as_unreachable()
    {
        var endpoints = FlashEndpoints.For(new Uri("http://127.0.0.1:9/graphql"));
        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Provisioner.ProvisionAsync(endpoints, "ory_st_session", new ApiTokenRequest("BTCPay Server", null)));
        Assert.Equal(ProvisioningFailure.ServerUnreachable, error.Failure);
        Assert.Equal("Could not reach Flash at 127.0.0.1:9: check the server address and your connection, then try again.", error.Message);
    }

    [Theory]
    [InlineData("SCOPE_NOT_ALLOWED", ProvisioningFailure.ScopesRefused,
        "Flash ({0}) refused the permissions the plugin needs: ask Flash support whether your account may create API tokens.")]
    [InlineData("INVALID_INPUT", ProvisioningFailure.InvalidRequest,
        "Flash ({0}) refused the token name or expiry: use a name of 3 to 50 letters, digits, spaces, '-' and '_'.")]
    [InlineData("INTERNAL_ERROR", ProvisioningFailure.Refused,
        "Flash ({0}) refused to create an API token: check that the server address is Flash's GraphQL API, then try again.")]
    public async Task What_Flash_refuses_when_creating_is_said_in_its_own_words(string code, ProvisioningFailure failure, string expected)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.RejectWebSocketStatus = 404;
        server.Enqueue(ScriptedHttpResponse.Data($$$"""{"apiKeyCreate":{"apiKey":null,"errors":[{"code":"{{{code}}}","message":"No"}]}}"""));

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Provisioner.ProvisionAsync(FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint), "ory_st_session", new ApiTokenRequest("BTCPay Server", null)));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(ApiTokenAction.Create, error.Action);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, server.HttpEndpoint.Authority), error.Message);
    }

    private static FlashEndpoints Endpoints(MockServerHarness mock) => FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

    private async Task<string> MeAsync(FlashConnectionString connection, ApiTokenProtector protector)
    {
        var header = connection.ProtectedToken is { } blob
            ? ApiTokenHeaderSource.ForProtectedToken(blob, protector, connection.Endpoints!.Server)
            : ApiTokenHeaderSource.ForToken(connection.PlainToken!);
        var transport = new GraphQLHttpTransport(_flash.HttpClients.CreateClient(FlashHttpClient.Name), connection.Endpoints!.GraphQL, header.Source,
            logger: _flash.LoggerFactory.CreateLogger<GraphQLHttpTransport>());
        var data = await transport.ExecuteAsync(new GraphQLRequest("{ me { id } }"), OperationSafety.SafeToRepeat);
        return data.GetProperty("me").GetProperty("id").GetString()!;
    }

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
    }
}
