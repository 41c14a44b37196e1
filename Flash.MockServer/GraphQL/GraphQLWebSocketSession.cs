using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQLParser.AST;
using static Flash.MockServer.GraphQL.WebSocketCloseCodes;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// The server side of one graphql-transport-ws connection: connection_init (auth in its payload; a bad token is
/// still acknowledged, failures show per operation), ping/pong, operations multiplexed by id, and every close code
/// of the protocol. Queries and mutations are refused with Flash's own error, except the API token service's
/// operations (<c>apiTokenCreate</c>, <c>apiTokens</c>, <c>apiTokenRevoke</c>, <c>apiTokenRotate</c>) in the seed and both dialects. A request without
/// the subprotocol never gets here: it is refused with HTTP 400 before the upgrade.
/// </summary>
internal sealed class GraphQLWebSocketSession(
    WebSocket socket, OperationExecutor executor, MockServices services, GraphQLSerializer serializer, IPAddress? remoteIp)
{
    public const string SubProtocol = "graphql-transport-ws";
    public const string OnlySubscriptions = "Only subscription operations are supported";
    public const string SubProtocolRequired = "This endpoint speaks GraphQL over WebSocket with the graphql-transport-ws subprotocol: ask for it in the Sec-WebSocket-Protocol header";
    private const int MaxMessageBytes = 1024 * 1024;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly HashSet<string> SeedTokenOperations = new(StringComparer.Ordinal) { "apiTokenCreate", "apiTokenRevoke", "apiTokenRotate", "apiTokens" };

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _operationsLifetime = new();
    private int _initReceived;
    private int _closing;
    private volatile bool _acknowledged;
    private Caller _caller = Caller.Anonymous;

    /// <summary>Serves the connection until it closes; when <paramref name="serverStopping"/> fires, closes it with 1001.</summary>
    public async Task RunAsync(CancellationToken aborted, CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _lifetime.Token);
        var initDeadline = services.Clock.CreateTimer(_ => _ = CloseUnlessInitialisedAsync(), null, services.Options.ConnectionInitTimeout, Timeout.InfiniteTimeSpan);
        // A stopping server says goodbye and waits (boundedly) for the client's close, so the process can end promptly.
        var goingAway = Task.CompletedTask;
        var stopping = serverStopping.Register(() => goingAway = CloseAsync(GoingAway, "Server shutting down"));
        try
        {
            // After the server sends its close frame it keeps reading until the client's answer arrives, so the
            // close handshake completes (cancelling a pending receive would abort the socket instead).
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var (message, refusal) = await ReceiveAsync(linked.Token);
                if (message is null && refusal is null)
                {
                    await AnswerCloseAsync();
                    break;
                }
                if (Volatile.Read(ref _closing) == 1)
                {
                    message?.Dispose();
                    continue;
                }
                if (refusal is { } code)
                {
                    await CloseAsync(code, code == MessageTooBig ? "Message too big" : "Invalid message received");
                    continue;
                }
                using (message)
                {
                    try
                    {
                        await DispatchAsync(message!.RootElement, linked.Token);
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or WebSocketException))
                    {
                        // A bug of the server's must not look like the client's fault: 4500, and nothing leaked.
                        await CloseAsync(InternalServerError, "Internal server error");
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The peer went away or the server is stopping: nothing to answer.
        }
        finally
        {
            await stopping.DisposeAsync();
            await goingAway;
            await initDeadline.DisposeAsync();
            await _operationsLifetime.CancelAsync();
            await _lifetime.CancelAsync();
        }
    }

    /// <summary>Simulates a network failure: the socket dies without a close handshake.</summary>
    public void Abort()
    {
        socket.Abort();
        _lifetime.Cancel();
    }

    private async Task DispatchAsync(JsonElement message, CancellationToken cancellation)
    {
        if (services.Faults.TryTake(FaultKind.WebSocketInternalError) is not null)
            throw new InvalidOperationException("Injected WebSocket failure");
        var type = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "connection_init":
                await InitialiseAsync(message, cancellation);
                break;
            case "ping":
                await SendAsync(writer => writer.WriteString("type", "pong"));
                break;
            case "pong":
                break;
            case "subscribe":
                services.WebSockets.CountSubscribe();
                await SubscribeAsync(message);
                break;
            case "complete" when message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String:
                if (_operations.TryRemove(id.GetString()!, out var operation))
                    await operation.CancelAsync();
                break;
            default:
                await CloseAsync(InvalidMessage, "Invalid message received");
                break;
        }
    }

    private async Task InitialiseAsync(JsonElement message, CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(TooManyInitialisationRequests, "Too many initialisation requests");
            return;
        }
        if (message.TryGetProperty("payload", out var payload) && payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            await CloseAsync(InvalidMessage, "Invalid message received");
            return;
        }
        if (services.Faults.TryTake(FaultKind.RejectWebSocketInit) is not null)
        {
            await CloseAsync(Forbidden, "Forbidden");
            return;
        }
        _caller = await AuthenticateAsync(payload, cancellation);
        _acknowledged = true;
        await SendAsync(writer => writer.WriteString("type", "connection_ack"));
    }

    /// <summary>Reads <c>Authorization: Bearer ...</c> from the init payload. API keys are not accepted here.</summary>
    private async Task<Caller> AuthenticateAsync(JsonElement payload, CancellationToken cancellation)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            return Caller.Anonymous;
        var authorization = payload.EnumerateObject()
            .FirstOrDefault(p => string.Equals(p.Name, "Authorization", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
            .Value;
        var value = authorization.ValueKind == JsonValueKind.String ? authorization.GetString()! : "";
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Caller.Anonymous;
        var token = value["Bearer ".Length..].Trim();
        if (token.StartsWith(FlashTokenFormat.Prefix, StringComparison.Ordinal))
        {
            if (services.Options.Dialect == TokenDialect.Fip07)
                return Caller.Anonymous;
            return await services.Credentials.VerifyAsync(CredentialKind.Token, token, remoteIp, cancellation) is CredentialVerification.Accepted accepted
                ? new CredentialCaller(accepted.Credential)
                : Caller.Anonymous;
        }
        return await services.Accounts.FindSessionAccountAsync(token, cancellation) is { } accountId ? new SessionCaller(accountId) : Caller.Anonymous;
    }

    private async Task SubscribeAsync(JsonElement message)
    {
        if (!_acknowledged)
        {
            await CloseAsync(Unauthorized, "Unauthorized");
            return;
        }
        if (!message.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id
            || !message.TryGetProperty("payload", out var payload)
            || !GraphQLRequestBody.TryRead(payload, serializer, out var request, out _))
        {
            await CloseAsync(InvalidMessage, "Invalid message received");
            return;
        }
        var operation = CancellationTokenSource.CreateLinkedTokenSource(_operationsLifetime.Token);
        if (!_operations.TryAdd(id, operation))
        {
            operation.Dispose();
            await CloseAsync(SubscriberAlreadyExists, $"Subscriber for {id} already exists");
            return;
        }
        _ = RunOperationAsync(id, request!, operation);
    }

    private async Task RunOperationAsync(string id, GraphQLRequestBody request, CancellationTokenSource operation)
    {
        try
        {
            await ExecuteOperationAsync(id, request, operation.Token);
        }
        catch (OperationCanceledException) when (operation.IsCancellationRequested)
        {
            // Completed by the client or the connection closed.
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // The socket died while answering.
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, operation));
            operation.Dispose();
        }
    }

    private async Task ExecuteOperationAsync(string id, GraphQLRequestBody request, CancellationToken cancellation)
    {
        var parsed = OperationExecutor.TryParse(request.Query, request.OperationName, out var syntaxError);
        if (parsed is null)
        {
            await SendErrorAsync(id, [syntaxError!]);
            return;
        }
        if (parsed.Type is OperationType.Query or OperationType.Mutation && !AllowedOverWebSocket(parsed))
        {
            await SendErrorAsync(id, [new ExecutionError(OnlySubscriptions)]);
            return;
        }
        if (executor.FindDenial(parsed, _caller) is { } denial && !LeftToTheResolver(parsed))
        {
            await SendErrorAsync(id, [new ExecutionError($"Not authorized to access {denial.Field}") { Code = "NOT_AUTHORIZED" }]);
            return;
        }

        var result = await executor.ExecuteAsync(parsed, request.Variables, new MockRequestContext(_caller, remoteIp, RequestChannel.WebSocket), cancellation);
        if (!result.Executed)
        {
            await SendErrorAsync(id, result.Errors ?? []);
            return;
        }
        if (result.Streams is { Count: > 0 } streams)
        {
            await ForwardStreamAsync(id, streams.Values.First(), cancellation);
            return;
        }
        // A subscription without a stream is one whose subscribe step failed: graphql-js answers that with errors only.
        await SendNextAsync(id, result, withoutData: parsed.Type == OperationType.Subscription);
        await SendCompleteAsync(id, cancellation);
    }

    /// <summary>
    /// Flash's WebSocket server runs its schema without the HTTP gateway's access rules, so there an anonymous socket's
    /// subscription is refused by the subscription's own resolver (see <see cref="SubscriptionRefusal.ResolverError"/>).
    /// Credentials still meet the rules: on Flash none reaches the socket, so none may do more here.
    /// </summary>
    private bool LeftToTheResolver(ParsedOperation parsed) =>
        services.Options.SubscriptionRefusal == SubscriptionRefusal.ResolverError
        && parsed.Type == OperationType.Subscription
        && _caller is AnonymousCaller;

    /// <summary>The API token service is the one exception to "subscriptions only": its operations run over the socket.</summary>
    private bool AllowedOverWebSocket(ParsedOperation parsed) =>
        services.Options.Dialect != TokenDialect.Fip07
        && parsed.RootFieldNames is { Count: > 0 } fields
        && fields.All(SeedTokenOperations.Contains);


    private async Task ForwardStreamAsync(string id, IObservable<ExecutionResult> stream, CancellationToken cancellation)
    {
        var events = System.Threading.Channels.Channel.CreateUnbounded<ExecutionResult?>(new() { SingleReader = true });
        using var subscription = stream.Subscribe(new ChannelObserver(events.Writer));
        await foreach (var item in events.Reader.ReadAllAsync(cancellation))
        {
            if (item is null)
                break;
            await SendNextAsync(id, item);
        }
        await SendCompleteAsync(id, cancellation);
    }

    private async Task SendCompleteAsync(string id, CancellationToken cancellation)
    {
        // A client that completed the operation itself expects no complete back.
        if (!cancellation.IsCancellationRequested)
            await SendAsync(writer => { writer.WriteString("id", id); writer.WriteString("type", "complete"); });
    }

    private Task SendNextAsync(string id, ExecutionResult result, bool withoutData = false)
    {
        var payload = serializer.Serialize(result);
        if (FlashResolverError.AnyIn(result) || withoutData)
        {
            var serialised = JsonNode.Parse(payload)!.AsObject();
            FlashResolverError.Reshape(serialised, result, RequestChannel.WebSocket);
            if (withoutData)
                serialised.Remove("data");
            payload = serialised.ToJsonString();
        }
        return SendAsync(writer =>
        {
            writer.WriteString("id", id);
            writer.WriteString("type", "next");
            writer.WritePropertyName("payload");
            writer.WriteRawValue(payload);
        });
    }

    private Task SendErrorAsync(string id, IEnumerable<ExecutionError> errors)
    {
        using var document = JsonDocument.Parse(serializer.Serialize(new ExecutionResult { Errors = [.. errors] }));
        var array = document.RootElement.GetProperty("errors").GetRawText();
        return SendAsync(writer =>
        {
            writer.WriteString("id", id);
            writer.WriteString("type", "error");
            writer.WritePropertyName("payload");
            writer.WriteRawValue(array);
        });
    }

    private async Task SendAsync(Action<Utf8JsonWriter> writeFields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }
        await _sendLock.WaitAsync(_lifetime.Token);
        try
        {
            if (socket.State == WebSocketState.Open && Volatile.Read(ref _closing) == 0)
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, _lifetime.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task CloseUnlessInitialisedAsync()
    {
        if (Volatile.Read(ref _initReceived) == 0)
            await CloseAsync(ConnectionInitialisationTimeout, "Connection initialisation timeout");
    }

    /// <summary>Completes a close the client started by echoing its status, as RFC 6455 asks.</summary>
    private async Task AnswerCloseAsync()
    {
        await _operationsLifetime.CancelAsync();
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends the close frame, ends every operation, and gives the client a bounded time to answer.</summary>
    private async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
            return;
        await _operationsLifetime.CancelAsync();
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
            _lifetime.CancelAfter(CloseHandshakeTimeout);
        }
    }

    /// <summary>
    /// The next text message as JSON; (null, null) when the peer closed; otherwise the close code it calls for:
    /// 1009 for a message over the limit (as Node's ws answers one over its maxPayload), 4400 for anything invalid.
    /// </summary>
    private async Task<(JsonDocument? Message, int? Refusal)> ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellation);
            if (result.MessageType == WebSocketMessageType.Close)
                return (null, null);
            if (result.MessageType != WebSocketMessageType.Text)
                return (null, InvalidMessage);
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
                return (null, MessageTooBig);
            if (result.EndOfMessage)
                break;
        }
        JsonDocument message;
        try
        {
            message = JsonDocument.Parse(buffer.WrittenMemory);
        }
        catch (JsonException)
        {
            return (null, InvalidMessage);
        }
        if (JsonStrings.AreWellFormed(message.RootElement))
            return (message, null);
        message.Dispose();
        return (null, InvalidMessage);
    }

    private sealed class ChannelObserver(System.Threading.Channels.ChannelWriter<ExecutionResult?> writer) : IObserver<ExecutionResult>
    {
        public void OnCompleted() => writer.TryWrite(null);

        public void OnError(Exception error)
        {
            writer.TryWrite(new ExecutionResult { Errors = [new ExecutionError("The subscription failed")] });
            writer.TryWrite(null);
        }

        public void OnNext(ExecutionResult value) => writer.TryWrite(value);
    }
}
