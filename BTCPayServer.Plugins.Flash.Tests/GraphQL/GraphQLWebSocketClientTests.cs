using System.Text.Json;
using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>The graphql-transport-ws client against scripted conversations over real loopback WebSockets.</summary>
public sealed class GraphQLWebSocketClientTests : ScriptedServerTest
{
    private const string SessionToken = "ory_st_c2Vzc2lvbi10b2tlbi1mb3ItdGVzdHMtb25seQ";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly GraphQLRequest Query = new("query Me { me { id } }", "Me");
    private static readonly GraphQLRequest Subscription =
        new("subscription Status { lnInvoicePaymentStatus(input: {paymentRequest: \"lnbc1\"}) { status } }", "Status");

    [Fact]
    public async Task Connects_lazily_then_runs_a_query_as_one_next_and_complete()
    {
        var init = new TaskCompletionSource<JsonElement>();
        var subscribe = new TaskCompletionSource<JsonElement>();
        var afterComplete = new TaskCompletionSource<JsonElement?>();
        Server.WebSocketScript = async ws =>
        {
            init.SetResult(await ws.AcknowledgeAsync());
            var message = await ws.ExpectAsync("subscribe");
            subscribe.SetResult(message);
            var id = message.GetProperty("id").GetString()!;
            await ws.SendNextAsync(id, """{"me":{"id":"u1"}}""");
            await ws.SendCompleteAsync(id);
            afterComplete.SetResult(await ws.ReceiveAsync());
        };
        var client = Client();
        Assert.Equal(0, Server.WebSocketConnections);

        var data = await client.ExecuteAsync(Query).WaitAsync(Patience);
        await client.DisposeAsync();

        Assert.Equal("u1", data.GetProperty("me").GetProperty("id").GetString());
        Assert.Equal(["graphql-transport-ws"], Assert.Single(Server.RequestedSubProtocols));
        Assert.Equal("Bearer " + SessionToken, (await init.Task).GetProperty("payload").GetProperty("Authorization").GetString());
        var payload = (await subscribe.Task).GetProperty("payload");
        Assert.Equal(Query.Query, payload.GetProperty("query").GetString());
        Assert.Equal("Me", payload.GetProperty("operationName").GetString());
        Assert.Null(await afterComplete.Task.WaitAsync(Patience)); // no stray "complete" from the client, then its close
        Assert.Equal((1, 1), (Server.WebSocketConnections, Server.WebSocketOperations));
    }

    [Fact]
    public async Task Dispose_closes_with_1000()
    {
        var closed = new TaskCompletionSource<int?>();
        Server.WebSocketScript = async ws =>
        {
            await AnswerOneQueryAsync(ws);
            closed.SetResult(await ws.ExpectCloseAsync());
        };
        var client = Client();
        await client.ExecuteAsync(Query).WaitAsync(Patience);

        await client.DisposeAsync();

        Assert.Equal(1000, await closed.Task.WaitAsync(Patience));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ExecuteAsync(Query));
    }

    [Fact]
    public async Task No_connection_ack_in_time_is_a_retryable_timeout_closed_with_4504()
    {
        var closed = new TaskCompletionSource<int?>();
        Server.WebSocketScript = async ws =>
        {
            await ws.ExpectAsync("connection_init");
            closed.SetResult(await ws.ExpectCloseAsync());
        };
        await using var client = Client(new GraphQLWebSocketClientOptions { AcknowledgementTimeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<FlashTransientException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Equal(4504, ex.WebSocketCloseStatus);
        Assert.True(ex.MayRetry);
        Assert.Equal(4504, await closed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task An_error_message_ends_the_operation_with_its_GraphQL_errors()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendErrorAsync(id, """[{"message":"Cannot query field \"nope\"","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]""");
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Equal(["GRAPHQL_VALIDATION_FAILED"], ex.Codes);
        Assert.Equal(["Cannot query field \"nope\""], ex.Messages);
        Assert.Null(ex.HttpStatus);
        Assert.False(ex.ServerAcceptsOnlySubscriptions);
    }

    [Fact]
    public async Task Only_subscription_operations_are_supported_is_recognisable_for_the_HTTP_fallback()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ws.SendErrorAsync(await ExpectSubscribeAsync(ws), """[{"message":"Only subscription operations are supported"}]""");
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.True(ex.ServerAcceptsOnlySubscriptions);
        Assert.Contains("accepts only subscription operations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_subscription_operations_are_supported_in_a_next_is_recognised_too()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":null,"errors":[{"message":"Only subscription operations are supported"}]}}""");
            await ws.SendCompleteAsync(id);
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.True(ex.ServerAcceptsOnlySubscriptions);
    }

    [Fact]
    public async Task A_NOT_AUTHORIZED_result_is_unauthorized()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":null,"errors":[{"message":"Not authorized","code":"NOT_AUTHORIZED"}]}}""");
            await ws.SendCompleteAsync(id);
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<FlashUnauthorizedException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Equal("NOT_AUTHORIZED", ex.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(GraphQLWebSocketCloseCodeTests.ServerCloseCodes), MemberType = typeof(GraphQLWebSocketCloseCodeTests))]
    public async Task A_close_during_the_handshake_maps_to_its_typed_error_and_retry_decision(int code, Type expected, bool mayRetry)
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.ExpectAsync("connection_init");
            await ws.CloseAsync(code, "reason " + SessionToken);
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAnyAsync<FlashApiException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.WebSocketCloseStatus);
        Assert.Equal(mayRetry, ex.MayRetry);
        AssertNoSecret(ex);
    }

    [Fact]
    public async Task A_server_that_floods_one_unread_subscription_ends_that_one_only()
    {
        var flooded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var floodedId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completed = new List<string>();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var first = await ExpectSubscribeAsync(ws);
            for (var i = 0; i < 1 + GraphQLWebSocketClient.MaxUnreadResults + 4; i++)
                await ws.SendNextAsync(first, """{"lnInvoicePaymentStatus":{"status":"PENDING"}}""");
            flooded.SetResult();
            await ws.SendNextAsync(await ExpectSubscribeAsync(ws), """{"lnInvoicePaymentStatus":{"status":"PAID"}}""");
            for (var i = 0; i < 2; i++)
                completed.Add((await ws.ExpectAsync("complete")).GetProperty("id").GetString()!);
            floodedId.SetResult(first);
            await ws.ExpectCloseAsync();
        };
        await using var client = Client();
        await using var firstResults = client.SubscribeAsync(Subscription).GetAsyncEnumerator();
        Assert.True(await firstResults.MoveNextAsync().AsTask().WaitAsync(Patience));
        await flooded.Task.WaitAsync(Patience);

        await using var secondResults = client.SubscribeAsync(Subscription).GetAsyncEnumerator();
        var secondStillWorks = await secondResults.MoveNextAsync().AsTask().WaitAsync(Patience);
        var read = 1;
        var ex = await Assert.ThrowsAsync<FlashProtocolException>(async () =>
        {
            while (await firstResults.MoveNextAsync())
                read++;
        }).WaitAsync(Patience);

        var secondStatus = secondResults.Current.GetProperty("lnInvoicePaymentStatus").GetProperty("status").GetString();
        await secondResults.DisposeAsync();
        await firstResults.DisposeAsync();

        // Stopping the flooded subscription still tells the server, which would otherwise keep sending to it.
        Assert.Contains(await floodedId.Task.WaitAsync(Patience), completed);
        Assert.True(secondStillWorks);
        Assert.Equal("PAID", secondStatus);
        // The first result was read as it came or after the flood began: what was waiting unread is delivered either way.
        Assert.InRange(read, GraphQLWebSocketClient.MaxUnreadResults, GraphQLWebSocketClient.MaxUnreadResults + 1);
        Assert.Equal($"The server sent more than 16 results for one operation before they were read (server {Server.WebSocketEndpoint.Authority})", ex.Message);
    }

    [Theory]
    [MemberData(nameof(GraphQLWebSocketCloseCodeTests.ServerCloseCodes), MemberType = typeof(GraphQLWebSocketCloseCodeTests))]
    public async Task A_close_during_a_subscription_fails_it_with_the_mapped_error(int code, Type expected, bool mayRetry)
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ws.SendNextAsync(await ExpectSubscribeAsync(ws), """{"lnInvoicePaymentStatus":{"status":"PENDING"}}""");
            await ws.CloseAsync(code);
        };
        await using var client = Client();
        var received = new List<JsonElement>();

        var ex = await Assert.ThrowsAnyAsync<FlashApiException>(async () =>
        {
            await foreach (var data in client.SubscribeAsync(Subscription))
                received.Add(data);
        }).WaitAsync(Patience);

        Assert.Single(received);
        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.WebSocketCloseStatus);
        Assert.Equal(mayRetry, ex.MayRetry);
    }

    [Fact]
    public async Task A_garbage_text_frame_is_a_protocol_error_and_closes_with_4400() =>
        await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync("this is not json {"));

    [Fact]
    public async Task A_binary_frame_is_a_protocol_error_and_closes_with_4400()
    {
        var ex = await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendBinaryAsync([0x7b, 0x7d]));

        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_message_type_is_a_protocol_error_and_closes_with_4400()
    {
        var ex = await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync($$$"""{"type":"data","id":"{{{id}}}","payload":{}}"""));

        Assert.Contains("'data'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_without_a_type_is_a_protocol_error() =>
        await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync($$$"""{"id":"{{{id}}}"}"""));

    [Fact]
    public async Task A_next_without_an_id_is_a_protocol_error() =>
        await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync("""{"type":"next","payload":{"data":{}}}"""));

    [Fact]
    public async Task A_next_whose_data_is_a_string_is_a_protocol_error() =>
        await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":"x"}}"""));

    [Fact]
    public async Task An_error_whose_payload_is_an_object_is_a_protocol_error() =>
        await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendErrorAsync(id, """{"message":"one"}"""));

    [Theory]
    [InlineData("""[null]""")]
    [InlineData("""[{"message":null,"code":"NOT_AUTHORIZED"}]""")]
    public async Task An_error_whose_payload_holds_a_null_entry_or_message_is_a_protocol_error(string errors)
    {
        var ex = await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendErrorAsync(id, errors));

        Assert.Equal($"The server sent an 'error' whose payload is not a list of GraphQL errors (server {Server.WebSocketEndpoint.Authority}, WebSocket close 4400)", ex.Message);
    }

    [Fact]
    public async Task A_next_whose_errors_hold_a_null_entry_is_a_protocol_error()
    {
        var ex = await AssertClosedAsInvalidAsync(async (ws, id) => await ws.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":{},"errors":[null]}}"""));

        Assert.Equal($"The server sent a 'next' whose payload is not a GraphQL result (server {Server.WebSocketEndpoint.Authority}, WebSocket close 4400)", ex.Message);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_a_protocol_error() =>
        await AssertClosedAsInvalidAsync(
            async (ws, id) => await ws.SendNextAsync(id, $$$"""{"pad":"{{{new string('a', 4096)}}}"}"""),
            new GraphQLWebSocketClientOptions { MaxMessageBytes = 1024 });

    [Fact]
    public async Task A_next_before_connection_ack_is_a_protocol_error()
    {
        var closed = new TaskCompletionSource<int?>();
        Server.WebSocketScript = async ws =>
        {
            await ws.ExpectAsync("connection_init");
            await ws.SendNextAsync("1", "{}");
            closed.SetResult(await ws.ExpectCloseAsync());
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<FlashProtocolException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Contains("before connection_ack", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4400, await closed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task AServer_ping_is_answered_with_pong_before_and_after_the_ack()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.ExpectAsync("connection_init");
            await ws.SendAsync("""{"type":"ping"}""");
            await ws.ExpectAsync("pong");
            await ws.SendAsync("""{"type":"connection_ack"}""");
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendAsync("""{"type":"ping","payload":{"at":1}}""");
            await ws.ExpectAsync("pong");
            await ws.SendAsync("""{"type":"pong"}""");
            await ws.SendNextAsync(id, """{"ok":true}""");
            await ws.SendCompleteAsync(id);
        };
        await using var client = Client();

        var data = await client.ExecuteAsync(Query).WaitAsync(Patience);

        Assert.True(data.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_subscription_yields_every_next_until_complete()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            foreach (var status in new[] { "PENDING", "PENDING", "PAID" })
                await ws.SendNextAsync(id, $$$"""{"lnInvoicePaymentStatus":{"status":"{{{status}}}"}}""");
            await ws.SendCompleteAsync(id);
        };
        await using var client = Client();

        var statuses = await Collect(client.SubscribeAsync(Subscription)).WaitAsync(Patience);

        Assert.Equal(["PENDING", "PENDING", "PAID"], statuses);
    }

    [Fact]
    public async Task A_subscriber_that_stops_early_sends_complete_for_its_id()
    {
        var completed = new TaskCompletionSource<(string Sent, string Completed)>();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PENDING"}}""");
            var complete = await ws.ExpectAsync("complete");
            completed.SetResult((id, complete.GetProperty("id").GetString()!));
        };
        await using var client = Client();

        await foreach (var _ in client.SubscribeAsync(Subscription).WithCancellation(CancellationToken.None))
            break;

        var (sent, done) = await completed.Task.WaitAsync(Patience);
        Assert.Equal(sent, done);
    }

    [Fact]
    public async Task A_subscription_next_with_errors_throws_and_tells_theServer_to_stop()
    {
        var completed = new TaskCompletionSource();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":null,"errors":[{"message":"boom","extensions":{"code":"INTERNAL"}}]}}""");
            await ws.ExpectAsync("complete");
            completed.SetResult();
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() => Collect(client.SubscribeAsync(Subscription))).WaitAsync(Patience);

        Assert.Equal(["INTERNAL"], ex.Codes);
        await completed.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_started_operation_hands_each_result_to_its_subscriber_then_its_end_once()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PENDING"}}""");
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PAID"}}""");
            await ws.SendCompleteAsync(id);
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"EXPIRED"}}""");
            await ws.ExpectCloseAsync();
        };
        await using var client = Client();
        var subscriber = new RecordingSubscriber();

        var operation = client.Start(Subscription, subscriber);
        var failure = await subscriber.Ended.Task.WaitAsync(Patience);

        Assert.Null(failure);
        Assert.Equal(["PENDING", "PAID"], subscriber.Statuses);
        Assert.All(subscriber.Operations, o => Assert.Same(operation, o));
        Assert.Equal(1, subscriber.Ends);
    }

    [Fact]
    public async Task A_failure_to_connect_reaches_the_subscriber_only_after_Start_returned()
    {
        var client = Client();
        await client.DisposeAsync();
        var subscriber = new RecordingSubscriber();

        // A callback from inside Start would find the operation not yet recorded by its caller.
        RecordingSubscriber.InsideStart = true;
        client.Start(Subscription, subscriber);
        RecordingSubscriber.InsideStart = false;

        Assert.IsType<ObjectDisposedException>(await subscriber.Ended.Task.WaitAsync(Patience));
        Assert.False(subscriber.CalledInsideStart);
    }

    [Fact]
    public async Task An_operation_stopped_while_connecting_is_completed_on_the_server_right_after_its_subscribe()
    {
        var stopped = new TaskCompletionSource();
        var completed = new TaskCompletionSource<(string Sent, string Completed)>();
        Server.WebSocketScript = async ws =>
        {
            await stopped.Task;
            await ws.AcknowledgeAsync();
            var id = await ExpectSubscribeAsync(ws);
            var complete = await ws.ExpectAsync("complete");
            completed.SetResult((id, complete.GetProperty("id").GetString()!));
        };
        await using var client = Client();
        var subscriber = new RecordingSubscriber();

        var operation = client.Start(Subscription, subscriber);
        await operation.StopAsync();
        stopped.SetResult();

        var (sent, done) = await completed.Task.WaitAsync(Patience);
        Assert.Equal(sent, done);
        Assert.Empty(subscriber.Statuses);
    }

    [Fact]
    public async Task Disposing_the_client_mid_subscription_completes_the_enumerator()
    {
        var closed = new TaskCompletionSource<int?>();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ws.SendNextAsync(await ExpectSubscribeAsync(ws), """{"lnInvoicePaymentStatus":{"status":"PENDING"}}""");
            closed.SetResult(await ws.ExpectCloseAsync());
        };
        var client = Client();
        var subscription = client.SubscribeAsync(Subscription).GetAsyncEnumerator();
        Assert.True(await subscription.MoveNextAsync().AsTask().WaitAsync(Patience));
        var waiting = subscription.MoveNextAsync().AsTask();

        await client.DisposeAsync();

        Assert.False(await waiting.WaitAsync(Patience));
        await subscription.DisposeAsync();
        Assert.Equal(1000, await closed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposing_the_client_fails_a_pending_query_as_disposed()
    {
        var subscribed = new TaskCompletionSource();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ExpectSubscribeAsync(ws);
            subscribed.SetResult();
        };
        var client = Client();
        var pending = client.ExecuteAsync(Query);
        await subscribed.Task.WaitAsync(Patience);

        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending).WaitAsync(Patience);
    }

    [Fact]
    public async Task Two_operations_share_one_connection_and_each_gets_its_own_answer()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var first = await ws.ExpectAsync("subscribe");
            var second = await ws.ExpectAsync("subscribe");
            Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
            foreach (var message in new[] { second, first })
            {
                var id = message.GetProperty("id").GetString()!;
                var name = message.GetProperty("payload").GetProperty("operationName").GetString();
                await ws.SendNextAsync(id, $$$"""{"name":"{{{name}}}"}""");
                await ws.SendCompleteAsync(id);
            }
        };
        await using var client = Client();

        var answers = await Task.WhenAll(
            client.ExecuteAsync(new GraphQLRequest("query A { a }", "A")),
            client.ExecuteAsync(new GraphQLRequest("query B { b }", "B"))).WaitAsync(Patience);

        Assert.Equal(["A", "B"], answers.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal((1, 2), (Server.WebSocketConnections, Server.WebSocketOperations));
    }

    [Fact]
    public async Task Late_messages_for_a_completed_id_are_ignored()
    {
        Server.WebSocketScript = async ws =>
        {
            var id = await AnswerOneQueryAsync(ws);
            await ws.SendNextAsync(id, """{"late":true}""");
            await ws.SendErrorAsync(id, """[{"message":"late"}]""");
            await ws.SendCompleteAsync(id);
            await AnswerOneQueryAsync(ws, acknowledge: false);
        };
        await using var client = Client();

        await client.ExecuteAsync(Query).WaitAsync(Patience);
        var second = await client.ExecuteAsync(Query).WaitAsync(Patience);

        Assert.Equal("u1", second.GetProperty("me").GetProperty("id").GetString());
        Assert.Equal(1, Server.WebSocketConnections);
    }

    [Fact]
    public async Task Cancelling_a_query_sends_complete_and_keeps_the_connection()
    {
        var subscribed = new TaskCompletionSource();
        var completedId = new TaskCompletionSource<string>();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ExpectSubscribeAsync(ws);
            subscribed.SetResult();
            completedId.SetResult((await ws.ExpectAsync("complete")).GetProperty("id").GetString()!);
            await AnswerOneQueryAsync(ws, acknowledge: false);
        };
        await using var client = Client();
        using var cancellation = new CancellationTokenSource();

        var first = client.ExecuteAsync(Query, cancellation.Token);
        await subscribed.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).WaitAsync(Patience);
        Assert.Equal("1", await completedId.Task.WaitAsync(Patience));
        await client.ExecuteAsync(Query).WaitAsync(Patience);
        Assert.Equal(1, Server.WebSocketConnections);
    }

    [Fact]
    public async Task After_a_retryable_close_the_next_operation_reconnects()
    {
        var connection = 0;
        Server.WebSocketScript = async ws =>
        {
            if (Interlocked.Increment(ref connection) == 1)
            {
                await ws.ExpectAsync("connection_init");
                await ws.CloseAsync(4408);
                return;
            }
            await AnswerOneQueryAsync(ws);
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<FlashTransientException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);
        Assert.True(ex.MayRetry);
        await client.ExecuteAsync(Query).WaitAsync(Patience);

        Assert.Equal(2, Server.WebSocketConnections);
    }

    [Fact]
    public async Task AServer_that_refuses_the_subprotocol_is_a_protocol_error()
    {
        Server.AcceptSubProtocol = false;
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<FlashProtocolException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Contains("subprotocol", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, typeof(FlashUnauthorizedException))]
    [InlineData(404, typeof(FlashProtocolException))]
    [InlineData(503, typeof(FlashTransientException))]
    [InlineData(431, typeof(FlashRequestTooLargeException))]
    [InlineData(414, typeof(FlashRequestTooLargeException))]
    [InlineData(413, typeof(FlashRequestTooLargeException))]
    public async Task A_refused_upgrade_maps_its_HTTP_status(int status, Type expected)
    {
        Server.RejectWebSocketStatus = status;
        await using var client = Client();

        var ex = await Assert.ThrowsAnyAsync<FlashApiException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.HttpStatus);
    }

    [Fact]
    public async Task The_connection_init_payload_never_appears_in_an_error()
    {
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await ws.SendErrorAsync(await ExpectSubscribeAsync(ws), $$$"""[{"message":"bad session {{{SessionToken}}}","code":"{{{SessionToken}}}"}]""");
        };
        await using var client = Client();

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        AssertNoSecret(ex);
    }

    private static void AssertNoSecret(Exception ex)
    {
        Assert.DoesNotContain(SessionToken, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionToken, ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Acknowledges, waits for a subscribe, misbehaves, and expects the client to fail and close with 4400.</summary>
    private async Task<FlashProtocolException> AssertClosedAsInvalidAsync(
        Func<ScriptedWebSocket, string, Task> misbehave, GraphQLWebSocketClientOptions? options = null)
    {
        var closed = new TaskCompletionSource<int?>();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            await misbehave(ws, await ExpectSubscribeAsync(ws));
            closed.SetResult(await ws.ExpectCloseAsync());
        };
        await using var client = Client(options);

        var ex = await Assert.ThrowsAsync<FlashProtocolException>(() => client.ExecuteAsync(Query)).WaitAsync(Patience);

        Assert.Equal(4400, ex.WebSocketCloseStatus);
        Assert.False(ex.MayRetry);
        Assert.Equal(4400, await closed.Task.WaitAsync(Patience));
        return ex;
    }

    private static async Task<string> ExpectSubscribeAsync(ScriptedWebSocket ws) =>
        (await ws.ExpectAsync("subscribe")).GetProperty("id").GetString()!;

    private static async Task<string> AnswerOneQueryAsync(ScriptedWebSocket ws, bool acknowledge = true)
    {
        if (acknowledge)
            await ws.AcknowledgeAsync();
        var id = await ExpectSubscribeAsync(ws);
        await ws.SendNextAsync(id, """{"me":{"id":"u1"}}""");
        await ws.SendCompleteAsync(id);
        return id;
    }

    private static async Task<List<string?>> Collect(IAsyncEnumerable<JsonElement> subscription)
    {
        var statuses = new List<string?>();
        await foreach (var data in subscription)
            statuses.Add(data.GetProperty("lnInvoicePaymentStatus").GetProperty("status").GetString());
        return statuses;
    }

    private GraphQLWebSocketClient Client(GraphQLWebSocketClientOptions? options = null) =>
        new(Server.WebSocketEndpoint,
            _ => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Authorization"] = "Bearer " + SessionToken }),
            options);

    /// <summary>Records what a started operation tells its subscriber.</summary>
    private sealed class RecordingSubscriber : IGraphQLSubscriber
    {
        [ThreadStatic]
        public static bool InsideStart;

        public List<string> Statuses { get; } = [];

        public List<GraphQLWebSocketOperation> Operations { get; } = [];

        public TaskCompletionSource<Exception?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Ends;

        public bool CalledInsideStart;

        public bool OnNext(GraphQLWebSocketOperation operation, JsonElement data)
        {
            CalledInsideStart |= InsideStart;
            Operations.Add(operation);
            Statuses.Add(data.GetProperty("lnInvoicePaymentStatus").GetProperty("status").GetString()!);
            return true;
        }

        public void OnEnded(GraphQLWebSocketOperation operation, Exception? failure)
        {
            CalledInsideStart |= InsideStart;
            Operations.Add(operation);
            Interlocked.Increment(ref Ends);
            Ended.TrySetResult(failure);
        }
    }
}
