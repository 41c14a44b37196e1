using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>
/// A session token (or address) so long that Flash refuses the request as too large is said to be that, not "could
/// not reach Flash": over HTTP (413, 414, 431), on the WebSocket upgrade, and for a connection_init over the
/// WebSocket's message limit (close 1009). Against a scripted server, and end to end against the mock's own limits.
/// </summary>
public sealed class OversizedRequestTests : IDisposable
{
    // Over Kestrel's 32 KB for all request headers, under the mock's 1 MB WebSocket message limit.
    private static readonly string LongSession = "ory_st_" + new string('x', 40 * 1024);

    // Over the mock's 1 MB WebSocket message limit.
    private static readonly string HugeSession = "ory_st_" + new string('y', 1024 * 1024 + 1);

    private readonly FlashServices _flash = new();

    public static TheoryData<ApiTokenAction> Actions { get; } = new() { ApiTokenAction.Create, ApiTokenAction.List, ApiTokenAction.Revoke, ApiTokenAction.Rotate };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task A_websocket_upgrade_refused_with_431_is_too_large_and_nothing_falls_back_to_http(ApiTokenAction action)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.RejectWebSocketStatus = 431;
        var endpoints = FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, "ory_st_session", FlashApiTokenKind.ApiToken));

        Assert.Equal(ProvisioningFailure.RequestTooLarge, error.Failure);
        Assert.Equal(SessionTooLarge(endpoints, "HTTP 431"), error.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(ApiTokenAction.Create, 431)]
    [InlineData(ApiTokenAction.List, 431)]
    [InlineData(ApiTokenAction.Revoke, 431)]
    [InlineData(ApiTokenAction.Rotate, 431)]
    [InlineData(ApiTokenAction.Create, 413)]
    [InlineData(ApiTokenAction.Revoke, 413)]
    public async Task An_http_request_refused_as_too_large_points_at_the_session_token(ApiTokenAction action, int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        // No WebSocket: provisioning falls back to HTTP as it does for Flash today.
        server.RejectWebSocketStatus = 404;
        server.Enqueue(ScriptedHttpResponse.Text("", status, contentType: null));
        var endpoints = FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, "ory_st_session", FlashApiTokenKind.ApiKey));

        Assert.Equal(ProvisioningFailure.RequestTooLarge, error.Failure);
        Assert.Equal(SessionTooLarge(endpoints, $"HTTP {status}"), error.Message);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(FlashApiTokenKind.ApiToken)]
    [InlineData(FlashApiTokenKind.ApiKey)]
    public async Task A_414_points_at_the_server_address(FlashApiTokenKind kind)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.RejectWebSocketStatus = 414;
        server.Enqueue(ScriptedHttpResponse.Html("<h1>414 Request-URI Too Large</h1>", 414));
        var endpoints = FlashEndpoints.For(server.HttpEndpoint, server.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => _flash.Administration.ListAsync(endpoints, "ory_st_session", kind));

        Assert.Equal(AddressTooLong(endpoints), error.Message);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task End_to_end_a_session_token_over_the_mocks_header_limit_is_refused_as_too_large(ApiTokenAction action)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);
        var token = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, new ApiTokenRequest("BTCPay Server shop", null));

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, LongSession, FlashApiTokenKind.ApiKey, token.Id));

        Assert.Equal(SessionTooLarge(endpoints, "HTTP 431"), error.Message);
        Assert.DoesNotContain(LongSession[..64], error.ToString(), StringComparison.Ordinal);
        _flash.Logs.AssertContainsNone(LongSession[..64]);
        Assert.Contains(await _flash.Administration.ListAsync(endpoints, mock.SessionToken, FlashApiTokenKind.ApiKey), t => t.Id == token.Id && t.IsActive);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task End_to_end_a_connection_init_over_the_mocks_message_limit_is_refused_as_too_large(ApiTokenAction action)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, HugeSession, FlashApiTokenKind.ApiToken));

        Assert.Equal(SessionTooLarge(endpoints, "WebSocket close 1009"), error.Message);
        Assert.DoesNotContain(HugeSession[..64], error.ToString(), StringComparison.Ordinal);
        _flash.Logs.AssertContainsNone(HugeSession[..64]);
    }

    [Theory]
    [InlineData(ApiTokenAction.Create)]
    [InlineData(ApiTokenAction.List)]
    public async Task End_to_end_a_websocket_address_over_the_mocks_request_line_limit_is_refused_as_too_long(ApiTokenAction action)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, new Uri(mock.Server.WebSocketUri + "?pad=" + new string('p', 10 * 1024)));

        var error = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => RunAsync(action, endpoints, mock.SessionToken, FlashApiTokenKind.ApiToken));

        Assert.Equal(AddressTooLong(endpoints), error.Message);
    }

    private Task RunAsync(ApiTokenAction action, FlashEndpoints endpoints, string session, FlashApiTokenKind kind, string id = "tok_0123456789abcdef") => action switch
    {
        ApiTokenAction.Create => _flash.Provisioner.ProvisionAsync(endpoints, session, new ApiTokenRequest("BTCPay Server", null)),
        ApiTokenAction.List => _flash.Administration.ListAsync(endpoints, session, kind),
        ApiTokenAction.Revoke => _flash.Administration.RevokeAsync(endpoints, session, kind, id),
        _ => _flash.Administration.RotateAsync(endpoints, session, kind, id),
    };

    private static string SessionTooLarge(FlashEndpoints endpoints, string status) =>
        $"Flash ({endpoints.Server}) refused the request as too large ({status}): check that you pasted only the session token, with nothing before or after it.";

    private static string AddressTooLong(FlashEndpoints endpoints) =>
        $"Flash ({endpoints.Server}) refused the request as too large (HTTP 414): the server address is too long. Check that it is Flash's GraphQL address, e.g. https://api.flashapp.me/graphql.";

    public void Dispose() => _flash.Dispose();
}
