using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>graphql-transport-ws exactly: every close code the protocol defines, ping/pong, operation ids.</summary>
public sealed class WebSocketProtocolTests : IAsyncLifetime
{
    private MockServerHarness _mock = null!;

    private Uri Endpoint => _mock.Server.WebSocketUri;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task No_connection_init_in_time_is_4408()
    {
        // Its own server: a short init timeout would race the other tests' handshakes on a busy machine.
        await using var impatient = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.ConnectionInitTimeout = TimeSpan.FromMilliseconds(300));
        await using var socket = await GraphQLWebSocketProbe.ConnectAsync(impatient.Server.WebSocketUri);
        Assert.Equal(4408, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Subscribe_before_ack_is_4401()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAsync(Endpoint);
        await socket.SubscribeAsync("1", "subscription { myUpdates { errors { message } } }");
        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_second_connection_init_is_4429()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        await socket.SendAsync(new { type = "connection_init" });
        Assert.Equal(4429, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_duplicate_operation_id_is_4409()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, _mock.SessionToken);
        await socket.SubscribeAsync("dup", "subscription { myUpdates { errors { message } } }");
        await socket.SubscribeAsync("dup", "subscription { myUpdates { errors { message } } }");
        Assert.Equal(4409, await socket.ReceiveCloseAsync());
        Assert.Equal("Subscriber for dup already exists", socket.CloseDescription);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"start\",\"id\":\"1\"}")]
    [InlineData("{\"id\":\"1\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"\",\"payload\":{\"query\":\"{ __typename }\"}}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":5}}")]
    public async Task Invalid_messages_are_4400(string frame)
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        await socket.SendTextAsync(frame);
        Assert.Equal(4400, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_message_over_the_one_megabyte_limit_is_1009_as_nodes_ws_answers()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAsync(Endpoint);
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + new string('a', 1024 * 1024) } });
        Assert.Equal(1009, await socket.ReceiveCloseAsync());
        Assert.Equal("Message too big", socket.CloseDescription);
    }

    [Fact]
    public async Task Binary_frames_are_4400()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        await socket.SendBinaryAsync([1, 2, 3]);
        Assert.Equal(4400, await socket.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("graphql-ws")]
    [InlineData("GRAPHQL-TRANSPORT-WS")]
    public async Task Another_subprotocol_or_none_is_refused_with_400_before_the_upgrade(string? subProtocol)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (subProtocol is not null)
            socket.Options.AddSubProtocol(subProtocol);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Endpoint, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_subprotocol_refusal_says_which_subprotocol_to_ask_for()
    {
        using var http = new HttpClient();
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, _mock.Server.GraphQLUri);
        upgrade.Headers.Connection.Add("Upgrade");
        upgrade.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        upgrade.Headers.Add("Sec-WebSocket-Version", "13");
        upgrade.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        upgrade.Headers.Add("Sec-WebSocket-Protocol", "graphql-ws");

        using var response = await http.SendAsync(upgrade);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This endpoint speaks GraphQL over WebSocket with the graphql-transport-ws subprotocol: ask for it in the Sec-WebSocket-Protocol header",
            body["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":"subscription { myUpdates { errors { message } } } # \ud800"}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":"subscription($r: LnPaymentRequest!) { lnInvoicePaymentStatus(input: { paymentRequest: $r }) { status } }","variables":{"r":"\udfff"}}}""")]
    [InlineData("""{"type":"subscribe","id":"\ud800","payload":{"query":"subscription { myUpdates { errors { message } } }"}}""")]
    [InlineData("""{"type":"ping","payload":{"\udc00":1}}""")]
    public async Task A_lone_surrogate_escape_is_an_invalid_message_4400_not_a_server_error(string frame)
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, _mock.SessionToken);
        await socket.SendTextAsync(frame);
        Assert.Equal(4400, await socket.ReceiveCloseAsync());
        Assert.Equal("Invalid message received", socket.CloseDescription);
    }

    [Fact]
    public async Task An_injected_auth_rejection_is_4403()
    {
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.RejectWebSocketInit, 1));
        await using var socket = await GraphQLWebSocketProbe.ConnectAsync(Endpoint);
        await socket.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer " + _mock.SessionToken } });
        Assert.Equal(4403, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_client_close_is_answered_and_the_handshake_completes()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, _mock.SessionToken);
        await socket.SubscribeAsync("open", "subscription { myUpdates { errors { message } } }");

        await socket.CloseNormallyAsync();

        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task A_server_failure_is_4500_without_details()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.WebSocketInternalError, 1));
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal(4500, await socket.ReceiveCloseAsync());
        Assert.Equal("Internal server error", socket.CloseDescription);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_session_is_still_acknowledged_and_fails_per_operation()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, "ory_st_unknown");
        await socket.SubscribeAsync("u", "subscription { myUpdates { errors { message } } }");
        var error = await socket.ReceiveAsync("u", "error");
        Assert.Equal("NOT_AUTHORIZED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validation_errors_end_the_operation_with_an_error_message()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, null);
        await socket.SubscribeAsync("v", "subscription { noSuchSubscription }");
        var error = await socket.ReceiveAsync("v", "error");
        Assert.Contains("noSuchSubscription", error["payload"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_id_can_be_reused_after_it_completes()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(Endpoint, _mock.SessionToken);
        await socket.SubscribeAsync("same", "subscription { myUpdates { errors { message } } }");
        await socket.SendAsync(new { id = "same", type = "complete" });
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync())!["type"]!.GetValue<string>());
        await socket.SubscribeAsync("same", "mutation { apiTokenCreate(input: { name: \"after reuse\" }) { errors { message } } }");
        var next = await socket.ReceiveAsync("same", "next");
        Assert.NotNull(next["payload"]!["data"]!["apiTokenCreate"]);
        await socket.ReceiveAsync("same", "complete");
    }
}
