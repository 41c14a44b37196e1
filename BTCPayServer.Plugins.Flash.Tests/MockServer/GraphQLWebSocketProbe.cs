using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// A raw graphql-transport-ws peer for protocol tests: sends exactly the frames a test writes (including
/// invalid ones) and reads the server's frames and close status over a real loopback socket.
/// </summary>
internal sealed class GraphQLWebSocketProbe : IAsyncDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    private GraphQLWebSocketProbe()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<GraphQLWebSocketProbe> ConnectAsync(Uri endpoint, string? subProtocol = "graphql-transport-ws")
    {
        var probe = new GraphQLWebSocketProbe();
        if (subProtocol is not null)
            probe._socket.Options.AddSubProtocol(subProtocol);
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        await probe._socket.ConnectAsync(endpoint, timeout.Token);
        return probe;
    }

    /// <summary>Connects, sends connection_init with the payload and waits for the ack.</summary>
    public static async Task<GraphQLWebSocketProbe> ConnectAndInitAsync(Uri endpoint, string? bearer)
    {
        var probe = await ConnectAsync(endpoint);
        await probe.SendAsync(new { type = "connection_init", payload = bearer is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer } });
        var ack = await probe.ReceiveAsync();
        Assert.Equal("connection_ack", ack?["type"]?.GetValue<string>());
        return probe;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] bytes) => _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, or null when the server closed the connection.</summary>
    public async Task<JsonNode?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
                return JsonNode.Parse(message.ToArray());
        }
    }

    /// <summary>Reads messages until the server closes, returning the close code.</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }
        return (int)(_socket.CloseStatus ?? 0);
    }

    /// <summary>Reads until a message of <paramref name="type"/> for <paramref name="id"/> arrives.</summary>
    public async Task<JsonNode> ReceiveAsync(string id, string type)
    {
        while (true)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException($"Closed ({CloseStatus} {CloseDescription}) while waiting for {type} of {id}");
            if (message["id"]?.GetValue<string>() == id && message["type"]?.GetValue<string>() == type)
                return message;
        }
    }

    /// <summary>Closes with 1000 and waits for the server's answer; throws if the handshake does not complete.</summary>
    public async Task CloseNormallyAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    /// <summary>Answers a close the server started (after <see cref="ReceiveCloseAsync"/>), completing the handshake.</summary>
    public async Task CompleteCloseAsync()
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                _socket.Abort();
            }
        }
        _socket.Dispose();
    }
}
