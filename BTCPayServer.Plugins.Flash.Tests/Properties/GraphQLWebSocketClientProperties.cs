using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// The graphql-transport-ws client's message reader, over real loopback WebSockets, against one generated server
/// frame per operation (then <c>complete</c>): any text, bytes, binary, fragmented or oversized message, any envelope
/// with any type, id and payload, any close code ends the operation with its <c>data</c> or a
/// <see cref="FlashApiException"/>, in bounded time; no failure quotes a secret the frame carried; and any
/// <c>data</c> object comes back as it was sent.
/// </summary>
public sealed class GraphQLWebSocketClientProperties : ScriptedServerTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The id a fresh client gives its first operation.</summary>
    private const string OperationId = "1";

    private const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    private enum FrameKind
    {
        Text,
        Binary,
        Close,
    }

    /// <summary>What the server sends after the subscribe: a message in one or more fragments, or a close.</summary>
    private sealed record Frame(FrameKind Kind, byte[] Bytes, int Fragments, int CloseCode, string Reason, int MaxMessageBytes)
    {
        public static Frame Text(string text, int fragments = 1, int maxMessageBytes = DefaultMaxMessageBytes) =>
            new(FrameKind.Text, Encoding.UTF8.GetBytes(text), fragments, 0, "", maxMessageBytes);

        public override string ToString() => Kind switch
        {
            FrameKind.Close => $"close {CloseCode} '{PropertyRun.Escape(Reason)}'",
            _ => $"{Kind} in {Fragments} fragment(s), limit {MaxMessageBytes}: {PropertyRun.Escape(Encoding.UTF8.GetString(Bytes))}",
        };
    }

    private readonly ITestOutputHelper _output;
    private readonly ConcurrentDictionary<string, Frame> _frames = new(StringComparer.Ordinal);
    private long _operations;

    public GraphQLWebSocketClientProperties(ITestOutputHelper output) => _output = output;

    private static readonly Gen<int> CloseCode =
        Gen.OneOf(1000, 1001, 1003, 1007, 1008, 1009, 1011, 3000, 4000, 4400, 4401, 4403, 4406, 4408, 4409, 4429, 4499, 4500, 4504, 4999);

    /// <summary>An envelope of any type, id and payload, each usually what the protocol expects for that type.</summary>
    private static Gen<string> Envelope(GeneratedJson json, Gen<string> text) =>
        from type in Gen.Frequency(
            (5, Gen.Const("next")), (3, Gen.Const("error")), (1, Gen.Const("complete")), (1, Gen.Const("ping")), (1, Gen.Const("pong")),
            (1, Gen.Const("connection_ack")), (1, text))
        from typeAsValue in Gen.Frequency((12, Gen.Const<JsonNode?>(() => null)), (1, json.Value))
        from leaveOutType in Gen.Frequency((15, Gen.Const(false)), (1, Gen.Const(true)))
        from id in Gen.Frequency((10, Gen.Const<JsonNode?>(() => JsonValue.Create(OperationId))), (1, Gen.Const<JsonNode?>(() => JsonValue.Create("2"))),
            (1, Gen.Const<JsonNode?>(() => JsonValue.Create(""))), (1, Gen.Const<JsonNode?>(() => JsonValue.Create(1))), (1, text.Select(t => (JsonNode?)JsonValue.Create(t))), (1, Gen.Const<JsonNode?>(() => null)))
        from payload in type switch
        {
            "next" => Gen.Frequency((8, json.Result.Select(r => (JsonNode?)r)), (1, json.Value)),
            "error" => Gen.Frequency((8, json.Error.Array[1, 3].Select(e => (JsonNode?)new JsonArray(e))), (1, json.Value)),
            _ => Gen.Frequency((3, Gen.Const<JsonNode?>(() => null)), (1, json.Value)),
        }
        select new JsonObject
        {
            ["type"] = leaveOutType ? null : typeAsValue ?? JsonValue.Create(type),
            ["id"] = id,
            ["payload"] = payload,
        }.ToJsonString();

    private static readonly Gen<Frame> AnyFrame =
        from envelope in Envelope(GeneratedJson.Plain, GeneratedJson.PlainText)
        from kind in Gen.Frequency((8, Gen.Const(0)), (3, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)), (1, Gen.Const(4)), (1, Gen.Const(5)))
        from text in Gen.String[TextMutations.Character, 0, 60]
        from bytes in Gen.Byte.Array[0, 80]
        from damaged in TextMutations.Of(Gen.Const(envelope))
        from fragments in Gen.Frequency((4, Gen.Const(1)), (1, Gen.Int[2, 4]))
        from limit in Gen.Frequency((5, Gen.Const(DefaultMaxMessageBytes)), (1, Gen.OneOf(64, 256)))
        from closeCode in CloseCode
        from reason in Gen.String[Gen.Char['\u0020', '\u007e'], 0, 40]
        select kind switch
        {
            0 => Frame.Text(envelope, fragments, limit),
            1 => Frame.Text(damaged, fragments, limit),
            2 => Frame.Text(text, fragments, limit),
            3 => new Frame(FrameKind.Text, bytes, fragments, 0, "", limit),
            4 => new Frame(FrameKind.Binary, bytes, fragments, 0, "", limit),
            _ => new Frame(FrameKind.Close, [], 1, closeCode, reason, limit),
        };

    [Fact]
    public async Task Every_frame_ends_the_operation_with_its_data_or_a_FlashApiException_in_bounded_time()
    {
        await new PropertyRun(_output, "GraphQL WebSocket reader, any frame", 1_500).CheckAsync(AnyFrame, async frame =>
        {
            var (data, failure) = await RunAsync(frame);
            if (failure is not null)
                return PropertyRun.Outcome(failure);
            Assert.Equal(JsonValueKind.Object, data.ValueKind);
            return "data";
        }, print: frame => frame.ToString());
    }

    [Fact]
    public async Task No_failure_quotes_a_secret_the_frame_carried()
    {
        var frames =
            from secret in Secrets.Any
            let text = Gen.Frequency((1, GeneratedJson.PlainText), (1, Gen.Const(secret)))
            from envelope in Envelope(new GeneratedJson(text), text).Where(e => e.Contains(secret, StringComparison.Ordinal))
            from kind in Gen.Frequency((6, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3)))
            from closeCode in CloseCode
            select (Secret: secret, Frame: kind switch
            {
                0 => Frame.Text(envelope),
                1 => Frame.Text(envelope[..envelope.IndexOf(secret, StringComparison.Ordinal)] + secret),
                2 => Frame.Text(secret),
                _ => new Frame(FrameKind.Close, [], 1, closeCode, secret, DefaultMaxMessageBytes),
            });

        await new PropertyRun(_output, "GraphQL WebSocket reader, secrets", 500).CheckAsync(frames, async test =>
        {
            var (_, failure) = await RunAsync(test.Frame);
            if (failure is null)
                return "data (no failure to read)";
            Secrets.AssertNotIn(test.Secret, failure);
            return PropertyRun.Outcome(failure);
        }, print: test => test.Frame.ToString());
    }

    [Fact]
    public async Task Every_data_object_comes_back_as_it_was_sent()
    {
        var frames =
            from data in GeneratedJson.Plain.Object
            from fragments in Gen.Frequency((3, Gen.Const(1)), (1, Gen.Int[2, 4]))
            let dataText = data.ToJsonString()
            select (Data: dataText, Frame: Frame.Text($$$"""{"type":"next","id":"{{{OperationId}}}","payload":{"data":{{{dataText}}}}}""", fragments));

        await new PropertyRun(_output, "GraphQL WebSocket reader, round trip", 300).CheckAsync(frames, async test =>
        {
            var (data, failure) = await RunAsync(test.Frame);

            Assert.Null(failure);
            using var sent = JsonDocument.Parse(test.Data);
            Assert.True(JsonElement.DeepEquals(sent.RootElement, data), $"sent {test.Data}, read {data.GetRawText()}");
            return test.Frame.Fragments == 1 ? "one fragment" : "fragmented";
        }, print: test => test.Frame.ToString());
    }

    /// <summary>One operation on a fresh client, the server answering its subscribe with the frame.</summary>
    private async Task<(JsonElement Data, FlashApiException? Failure)> RunAsync(Frame frame)
    {
        var name = "case" + Interlocked.Increment(ref _operations);
        _frames[name] = frame;
        Server.WebSocketScript = AnswerAsync;
        var client = new GraphQLWebSocketClient(Server.WebSocketEndpoint, options: new GraphQLWebSocketClientOptions
        {
            MaxMessageBytes = frame.MaxMessageBytes,
            AcknowledgementTimeout = TimeSpan.FromSeconds(5),
            CloseTimeout = TimeSpan.FromSeconds(2),
        });
        try
        {
            return (await client.ExecuteAsync(new GraphQLRequest("subscription Case { case }", name)).WaitAsync(Patience), null);
        }
        catch (FlashApiException failure)
        {
            return (default, failure);
        }
        finally
        {
            await client.DisposeAsync().AsTask().WaitAsync(Patience);
            _frames.TryRemove(name, out _);
        }
    }

    /// <summary>Acknowledges, reads the subscribe, sends the operation's frame and a complete, then waits for the client to close.</summary>
    private async Task AnswerAsync(ScriptedWebSocket ws)
    {
        await ws.AcknowledgeAsync();
        var subscribe = await ws.ExpectAsync("subscribe");
        var frame = _frames[subscribe.GetProperty("payload").GetProperty("operationName").GetString()!];
        try
        {
            if (frame.Kind == FrameKind.Close)
            {
                await ws.CloseAsync(frame.CloseCode, frame.Reason);
                return;
            }
            await SendAsync(ws.Socket, frame);
            await ws.SendCompleteAsync(OperationId);
            await ws.ExpectCloseAsync();
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // A frame that breaks the protocol may make the client drop the connection at once.
            ws.Socket.Abort();
        }
    }

    private static async Task SendAsync(WebSocket socket, Frame frame)
    {
        var type = frame.Kind == FrameKind.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        var size = Math.Max(1, (frame.Bytes.Length + frame.Fragments - 1) / frame.Fragments);
        var offset = 0;
        do
        {
            var length = Math.Min(size, frame.Bytes.Length - offset);
            await socket.SendAsync(frame.Bytes.AsMemory(offset, length), type, endOfMessage: offset + length == frame.Bytes.Length, CancellationToken.None);
            offset += length;
        }
        while (offset < frame.Bytes.Length);
    }
}
