using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// The server's end of one real WebSocket connection, driven by a test script: expect client messages,
/// send well-formed or broken ones, close with any code. Every wait is bounded so a script never hangs a test.
/// Each <c>subscribe</c> the script reads is reported to <paramref name="subscribeRead"/>.
/// </summary>
internal sealed class ScriptedWebSocket(WebSocket socket, CancellationToken aborted, Action subscribeRead)
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The close status the client sent, once it closed.</summary>
    public int? ClientCloseStatus { get; private set; }

    public WebSocket Socket => socket;

    /// <summary>The next client message, which must be a JSON text message of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ExpectAsync(string type)
    {
        var message = await ReceiveAsync() ?? throw new InvalidOperationException($"Expected '{type}' but the client closed");
        var actual = message.GetProperty("type").GetString();
        if (actual != type)
            throw new InvalidOperationException($"Expected '{type}' but the client sent '{actual}'");
        return message;
    }

    /// <summary>The next client message, or null when the client closed instead.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(Patience);
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                ClientCloseStatus = (int?)socket.CloseStatus;
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return null;
            }
            length += result.Count;
            if (result.EndOfMessage)
            {
                var message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var type) && type.ValueEquals("subscribe"))
                    subscribeRead();
                return message;
            }
        }
    }

    /// <summary>Reads (and drops) client messages until the client closes; returns its close status.</summary>
    public async Task<int?> ExpectCloseAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }
        return ClientCloseStatus;
    }

    /// <summary>Receives <c>connection_init</c>, answers <c>connection_ack</c>, returns the init message.</summary>
    public async Task<JsonElement> AcknowledgeAsync()
    {
        var init = await ExpectAsync("connection_init");
        await SendAsync("""{"type":"connection_ack"}""");
        return init;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendBinaryAsync(byte[] bytes) => SendAsync(bytes, WebSocketMessageType.Binary);

    public Task SendNextAsync(string id, string dataJson) =>
        SendAsync($$$"""{"type":"next","id":"{{{id}}}","payload":{"data":{{{dataJson}}}}}""");

    public Task SendCompleteAsync(string id) => SendAsync($$"""{"type":"complete","id":"{{id}}"}""");

    public Task SendErrorAsync(string id, string errorsJson) =>
        SendAsync($$"""{"type":"error","id":"{{id}}","payload":{{errorsJson}}}""");

    /// <summary>Closes with <paramref name="code"/> and waits for the client's answering close frame.</summary>
    public async Task CloseAsync(int code, string reason = "")
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(Patience);
        await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token);
    }

    private async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(Patience);
        await socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }
}
