using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>
/// Listing, revoking and rotating go wrong in words of their own, in both dialects: the API token service's <c>apiToken*</c>
/// over the WebSocket and the API key service's <c>apiKey*</c> over HTTP. Against the mock where it can fail that way, else against a
/// scripted server over real sockets.
/// </summary>
public sealed class ApiTokenAdministrationTests : IDisposable
{
    private const string Session = "ory_st_administrationTestSession0000000";

    private readonly FlashServices _flash = new();

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public async Task Revoking_a_token_Flash_does_not_know_says_so_and_to_refresh_the_list(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var endpoints = Endpoints(mock);
        var token = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, new ApiTokenRequest("revoked twice", null));
        await _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, token.Token.Kind, token.Id);

        var again = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, token.Token.Kind, token.Id));
        var unknown = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, token.Token.Kind, "no-such-token"));

        foreach (var error in new[] { again, unknown })
        {
            Assert.Equal(ProvisioningFailure.TokenNotFound, error.Failure);
            Assert.Equal(ApiTokenAction.Revoke, error.Action);
            Assert.Equal($"Flash ({endpoints.Server}) does not know that token: it may have been revoked already. Refresh the list of tokens.", error.Message);
        }
    }

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public async Task Rotating_a_token_Flash_no_longer_has_says_to_connect_again(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var endpoints = Endpoints(mock);
        var token = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, new ApiTokenRequest("revoked elsewhere", null));
        await _flash.Administration.RevokeAsync(endpoints, mock.SessionToken, token.Token.Kind, token.Id);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            _flash.Administration.RotateAsync(endpoints, mock.SessionToken, token.Token.Kind, token.Id));

        Assert.Equal(ProvisioningFailure.TokenNotFound, error.Failure);
        Assert.Equal(
            $"Flash ({endpoints.Server}) has no active token with this id to rotate: it was revoked or has expired. Connect Flash again to get a new token.",
            error.Message);
    }

    [Theory]
    [InlineData(TokenDialect.Seed, ApiTokenAction.List)]
    [InlineData(TokenDialect.Seed, ApiTokenAction.Revoke)]
    [InlineData(TokenDialect.Seed, ApiTokenAction.Rotate)]
    [InlineData(TokenDialect.Fip07, ApiTokenAction.List)]
    [InlineData(TokenDialect.Fip07, ApiTokenAction.Revoke)]
    [InlineData(TokenDialect.Fip07, ApiTokenAction.Rotate)]
    public async Task A_refused_session_reads_the_same_for_every_action(TokenDialect dialect, ApiTokenAction action)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var endpoints = Endpoints(mock);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, Session, KindOf(dialect)));

        Assert.Equal(ProvisioningFailure.SessionRejected, error.Failure);
        Assert.Equal($"Flash ({endpoints.Server}) did not accept the session token: sign in to Flash again and paste a fresh one.", error.Message);
        _flash.Logs.AssertContainsNone(Session);
    }

    public static TheoryData<FlashApiTokenKind, ApiTokenAction, string> Unreachable { get; } = new()
    {
        { FlashApiTokenKind.ApiToken, ApiTokenAction.List, "Could not reach Flash at {0} to list the account's API tokens: try again in a moment." },
        { FlashApiTokenKind.ApiKey, ApiTokenAction.List, "Could not reach Flash at {0} to list the account's API tokens: try again in a moment." },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Revoke,
            "Could not reach Flash at {0}, so the token may not have been revoked: refresh the list of tokens to check, then try again."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Revoke,
            "Could not reach Flash at {0}, so the token may not have been revoked: refresh the list of tokens to check, then try again."
        },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Rotate,
            "Could not reach Flash at {0}, so the token may not have been rotated: test the connection, and connect Flash again if the test fails."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Rotate,
            "Could not reach Flash at {0}, so the token may not have been rotated: test the connection, and connect Flash again if the test fails."
        },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task An_unreachable_server_is_worded_for_the_action(FlashApiTokenKind kind, ApiTokenAction action, string expected)
    {
        var endpoints = FlashEndpoints.For(new Uri("http://127.0.0.1:9/graphql"));

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, Session, kind));

        Assert.Equal(ProvisioningFailure.ServerUnreachable, error.Failure);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, endpoints.Server), error.Message);
    }

    public static TheoryData<FlashApiTokenKind, ApiTokenAction, string, string> Refusals { get; } = new()
    {
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Revoke,
            """{"apiTokenRevoke":{"apiToken":null,"errors":[{"code":"INTERNAL_ERROR","message":"Something broke"}]}}""",
            "Flash ({0}) refused to revoke the token: refresh the list of tokens, then try again."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Revoke,
            """{"apiKeyRevoke":{"apiKey":null,"errors":[{"code":"INTERNAL_ERROR","message":"Something broke"}]}}""",
            "Flash ({0}) refused to revoke the token: refresh the list of tokens, then try again."
        },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Rotate,
            """{"apiTokenRotate":{"apiToken":null,"errors":[{"code":"INTERNAL_ERROR","message":"Something broke"}]}}""",
            "Flash ({0}) refused to rotate the token, and the store keeps using the current one: try again later, or connect Flash again to get a new token."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Rotate,
            """{"apiKeyRotate":{"apiKey":null,"errors":[{"code":"INTERNAL_ERROR","message":"Something broke"}]}}""",
            "Flash ({0}) refused to rotate the token, and the store keeps using the current one: try again later, or connect Flash again to get a new token."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Rotate,
            """{"apiKeyRotate":{"apiKey":null,"errors":[{"code":"TOO_MANY_API_KEYS","message":"Limit reached"}]}}""",
            "Your Flash account ({0}) already has the most API tokens allowed, so the token could not be rotated: revoke one you no longer use, then rotate again."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Revoke,
            """{"apiKeyRevoke":{"apiKey":null,"errors":[{"code":"API_KEY_NOT_FOUND","message":"No such key"}]}}""",
            "Flash ({0}) does not know that token: it may have been revoked already. Refresh the list of tokens."
        },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.List,
            """{"apiTokens":[{"id":5}]}""",
            "Flash ({0}) answered with a list of tokens the plugin cannot read: try again in a moment."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.List,
            """{"apiKeys":[{"id":5}]}""",
            "Flash ({0}) answered with a list of tokens the plugin cannot read: try again in a moment."
        },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Revoke,
            """{"apiTokenRevoke":{"apiToken":{"id":7},"errors":"none"}}""",
            "Flash ({0}) answered in a way the plugin cannot read, so the token may not have been revoked: refresh the list of tokens to check."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Revoke,
            """{"apiKeyRevoke":{"apiKey":{"id":7},"errors":"none"}}""",
            "Flash ({0}) answered in a way the plugin cannot read, so the token may not have been revoked: refresh the list of tokens to check."
        },
        {
            FlashApiTokenKind.ApiToken, ApiTokenAction.Rotate,
            """{"apiTokenRotate":{"apiToken":{"id":"t1","name":"x","token":"flash_notreallyatoken","scopes":["read"],"expiresAt":null},"errors":[]}}""",
            "Flash ({0}) did not answer the rotation with a valid API token; nothing was saved. Test the connection, and connect Flash again if the test fails."
        },
        {
            FlashApiTokenKind.ApiKey, ApiTokenAction.Rotate,
            """{"apiKeyRotate":{"apiKey":{"id":"k1","keyId":"0a1b2c3d","name":"x","apiKey":"fk_notreallyakey","scopes":["read_user"],"expiresAt":null},"errors":[]}}""",
            "Flash ({0}) did not answer the rotation with a valid API token; nothing was saved. Test the connection, and connect Flash again if the test fails."
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task What_Flash_answers_is_worded_for_the_action(FlashApiTokenKind kind, ApiTokenAction action, string data, string expected)
    {
        await using var server = await ScriptedServer.StartAsync();
        Answer(server, kind, data);
        var endpoints = FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, Session, kind));

        Assert.Equal(action, error.Action);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, endpoints.Server), error.Message);
        Assert.DoesNotContain("notreally", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FlashApiTokenKind.ApiToken)]
    [InlineData(FlashApiTokenKind.ApiKey)]
    public async Task A_list_Flash_refuses_says_so(FlashApiTokenKind kind)
    {
        await using var server = await ScriptedServer.StartAsync();
        Answer(server, kind, errorsJson: """[{"message":"Cannot query field \"apiTokens\" on type \"Query\"."}]""");
        var endpoints = FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => _flash.Administration.ListAsync(endpoints, Session, kind));

        Assert.Equal(ProvisioningFailure.Refused, error.Failure);
        Assert.Equal(
            $"Flash ({endpoints.Server}) refused to list the account's API tokens: check that the server address is Flash's GraphQL API, then try again.",
            error.Message);
    }

    [Theory]
    [InlineData(FlashApiTokenKind.ApiToken)]
    [InlineData(FlashApiTokenKind.ApiKey)]
    public async Task Names_from_Flash_are_listed_without_their_invisible_characters(FlashApiTokenKind kind)
    {
        await using var server = await ScriptedServer.StartAsync();
        // "shop" with a right-to-left override that would show "pohs" and a zero-width space, then a line break.
        const string name = "BTCPay \\u202Epohs\\u202C\\u200B\\n";
        Answer(server, kind, kind == FlashApiTokenKind.ApiToken
            ? $$$"""{"apiTokens":[{"id":"t1","name":"{{{name}}}","scopes":["read"],"createdAt":1,"expiresAt":null,"lastUsedAt":null,"status":"ACTIVE","requestCount":0}]}"""
            : $$$"""{"apiKeys":[{"id":"k1","keyId":"0a1b2c3d","name":"{{{name}}}","scopes":["read_user"],"createdAt":1,"expiresAt":null,"lastUsedAt":null,"status":"ACTIVE"}]}""");

        var listed = Assert.Single(await _flash.Administration.ListAsync(FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint), Session, kind));

        Assert.Equal("BTCPay \uFFFDpohs\uFFFD\uFFFD\uFFFD", listed.Name);
    }

    [Fact]
    public async Task A_name_Flash_hands_back_with_a_new_token_is_kept_without_its_invisible_characters()
    {
        await using var server = await ScriptedServer.StartAsync();
        var token = FlashTokenFormat.Generate();
        Answer(server, FlashApiTokenKind.ApiToken,
            $$$"""{"apiTokenCreate":{"apiToken":{"id":"t1","name":"shop\u2066evil\u2069","token":"{{{token}}}","scopes":["read","write"],"expiresAt":null},"errors":[]}}""");

        var provisioned = await _flash.Provisioner.ProvisionAsync(FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint), Session, new ApiTokenRequest("shop evil", null));

        Assert.Equal("shop\uFFFDevil\uFFFD", provisioned.Name);
    }

    private Task RunAsync(ApiTokenAction action, FlashEndpoints endpoints, string session, FlashApiTokenKind kind) => action switch
    {
        ApiTokenAction.List => _flash.Administration.ListAsync(endpoints, session, kind),
        ApiTokenAction.Revoke => _flash.Administration.RevokeAsync(endpoints, session, kind, "tok_0123456789abcdef"),
        ApiTokenAction.Rotate => _flash.Administration.RotateAsync(endpoints, session, kind, "tok_0123456789abcdef"),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>One answer in the dialect's channel: a single-result operation over the WebSocket, or one HTTP response.</summary>
    private static void Answer(ScriptedServer server, FlashApiTokenKind kind, string? dataJson = null, string? errorsJson = null)
    {
        var payload = errorsJson is null ? $$$"""{"data":{{{dataJson}}}}""" : $$$"""{"data":null,"errors":{{{errorsJson}}}}""";
        if (kind == FlashApiTokenKind.ApiKey)
        {
            server.Enqueue(ScriptedHttpResponse.Json(payload));
            return;
        }
        server.WebSocketScript = async socket =>
        {
            await socket.AcknowledgeAsync();
            var id = (await socket.ExpectAsync("subscribe")).GetProperty("id").GetString()!;
            await socket.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{{{payload}}}}""");
            await socket.SendCompleteAsync(id);
        };
    }

    private static FlashApiTokenKind KindOf(TokenDialect dialect) => dialect == TokenDialect.Seed ? FlashApiTokenKind.ApiToken : FlashApiTokenKind.ApiKey;

    private static FlashEndpoints Endpoints(MockServerHarness mock) => FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

    public void Dispose() => _flash.Dispose();
}
