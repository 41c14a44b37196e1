using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static BTCPayServer.Plugins.Flash.GraphQL.GraphQLWebSocketMessageTypes;

namespace BTCPayServer.Plugins.Flash.GraphQL;

// One class owns the socket and its state, as graphql-ws's client does: connecting, the handshake, the keep-alive,
// receiving and ending are one state machine over one connection, and split across files its invariants (who may
// send, who ends an operation, when the socket is disposed) could no longer be read in one place. Hence its length.

/// <summary>
/// A graphql-transport-ws client: one class owning one socket at a time, as a small state machine.
/// <list type="bullet">
/// <item>idle: no socket; the first operation connects (lazily).</item>
/// <item>connecting: WebSocket handshake with the subprotocol, <c>connection_init</c>, wait for <c>connection_ack</c>.</item>
/// <item>ready: operations multiplexed by id; <c>ping</c> answered with <c>pong</c>.</item>
/// <item>ended: the socket closed or broke; its operations fail with the typed error of
/// <see cref="GraphQLWebSocketCloseCodes"/> and the next operation connects again.</item>
/// <item>disposed: closed with 1000, every operation completed.</item>
/// </list>
/// </summary>
public sealed class GraphQLWebSocketClient : IAsyncDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    private const int InitialReceiveBufferBytes = 16 * 1024;

    private readonly string _server;
    private readonly ConnectionInitPayloadSource? _connectionInitPayload;
    private readonly GraphQLWebSocketClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);

    // Never disposed: callers racing DisposeAsync may still read its token, and it owns no timer.
    private readonly CancellationTokenSource _disposal = new();
    private Connection? _connection;
    private long _lastOperationId;
    private int _disposed;

    public GraphQLWebSocketClient(
        Uri endpoint,
        ConnectionInitPayloadSource? connectionInitPayload = null,
        GraphQLWebSocketClientOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<GraphQLWebSocketClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException("The GraphQL WebSocket endpoint must be an absolute ws:// or wss:// URI.", nameof(endpoint));
        Endpoint = endpoint;
        _server = FlashApiException.ServerOf(endpoint);
        _connectionInitPayload = connectionInitPayload;
        _options = options ?? new GraphQLWebSocketClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<GraphQLWebSocketClient>.Instance;
    }

    public Uri Endpoint { get; }

    /// <summary>Results the server may send ahead of an awaiting reader before the operation ends as flooded.</summary>
    internal const int MaxUnreadResults = 16;

    /// <summary>
    /// Runs a single-result operation (query or mutation): <c>subscribe</c>, one <c>next</c>, then <c>complete</c>.
    /// Returns the <c>data</c> object.
    /// </summary>
    /// <exception cref="GraphQLRequestErrorException">
    /// The server answered with GraphQL errors; <see cref="GraphQLRequestErrorException.ServerAcceptsOnlySubscriptions"/>
    /// tells that it refuses queries and mutations on WebSocket, so the caller should use HTTP.
    /// </exception>
    /// <exception cref="FlashApiException">Any other typed failure, with <see cref="FlashApiException.MayRetry"/>.</exception>
    public async Task<JsonElement> ExecuteAsync(GraphQLRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new QueuedResults();
        var operation = Start(request, results, cancellation);
        try
        {
            var reader = results.Reader;
            if (!await reader.WaitToReadAsync(cancellation) || !reader.TryRead(out var data))
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                throw new FlashProtocolException("The server completed the operation without a result", _server, httpStatus: null);
            }
            await WaitForCompleteAsync(reader, cancellation);
            return data;
        }
        finally
        {
            await operation.StopAsync();
        }
    }

    /// <summary>
    /// Starts an operation whose results go to <paramref name="subscriber"/> as they arrive, on the receive loop;
    /// connecting and sending happen in the background, and a failure there reaches the subscriber's
    /// <see cref="IGraphQLSubscriber.OnEnded"/>; none of it happens before this returns. The request is not kept once sent. For a subscription that may wait
    /// for hours among thousands: it costs no task, buffer or iterator while it waits.
    /// </summary>
    /// <param name="cancellation">Abandons connecting and sending only; <see cref="GraphQLWebSocketOperation.StopAsync"/> stops the operation.</param>
    internal GraphQLWebSocketOperation Start(GraphQLRequest request, IGraphQLSubscriber subscriber, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subscriber);
        var operation = new GraphQLWebSocketOperation(this, Interlocked.Increment(ref _lastOperationId).ToString(CultureInfo.InvariantCulture), subscriber);
        _ = SendSubscribeAsync(operation, request, cancellation);
        return operation;
    }

    private async Task SendSubscribeAsync(GraphQLWebSocketOperation operation, GraphQLRequest request, CancellationToken cancellation)
    {
        // Start returns before the subscriber hears anything, so it can record the operation first.
        await Task.Yield();
        Connection connection;
        try
        {
            connection = await GetConnectionAsync(cancellation);
            connection.Register(operation);
        }
        catch (Exception e)
        {
            operation.End(e);
            return;
        }
        try
        {
            var payload = JsonSerializer.SerializeToElement(request, GraphQLJsonContext.Default.GraphQLRequest);
            await SendAsync(connection, new GraphQLWebSocketMessage { Type = Subscribe, Id = operation.Id, Payload = payload }, cancellation);
        }
        catch (Exception e)
        {
            if (connection.Unregister(operation))
                operation.End(e);
            return;
        }
        if (!operation.MarkRunning())
            await StopAsync(operation);
    }

    /// <summary>Tells the server the subscriber is gone, unless the server already ended the operation. Never throws.</summary>
    internal async Task StopAsync(GraphQLWebSocketOperation operation)
    {
        if (operation.Connection is { } connection && connection.Unregister(operation))
            await WithinCloseTimeoutAsync(timeout => SendAsync(connection, new GraphQLWebSocketMessage { Type = Complete, Id = operation.Id }, timeout));
    }

    /// <summary>After the single result, the protocol's <c>complete</c>; a connection lost now no longer matters.</summary>
    private static async Task WaitForCompleteAsync(ChannelReader<JsonElement> results, CancellationToken cancellation)
    {
        try
        {
            while (await results.WaitToReadAsync(cancellation))
            {
                // A second result breaks the single-result contract; the first one stands.
                while (results.TryRead(out _))
                {
                }
            }
        }
        catch (FlashApiException)
        {
        }
    }

    /// <summary>Closes the socket with 1000 and completes every operation; pending single results throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _disposal.CancelAsync();
        await _connectGate.WaitAsync();
        var connection = _connection;
        _connection = null;
        _connectGate.Release();
        if (connection is not null)
        {
            connection.End(failure: null);
            await ShutDownAsync(connection, GraphQLWebSocketCloseCodes.NormalClosure, "Client closed");
        }
    }

    private async Task<Connection> GetConnectionAsync(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Volatile.Read(ref _connection) is { IsOpen: true } ready)
            return ready;
        await _connectGate.WaitAsync(cancellation);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_connection is { IsOpen: true } current)
                return current;
            var opened = await OpenAsync(cancellation);
            Volatile.Write(ref _connection, opened);
            return opened;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<Connection> OpenAsync(CancellationToken cancellation)
    {
        if (_options.Unreachable is { } reason)
            throw new FlashTransientException(reason, _server, httpStatus: null);
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _disposal.Token);
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        socket.Options.CollectHttpResponseDetails = true;
        Connection? connection = null;
        try
        {
            await HandshakeAsync(socket, opening.Token);
            connection = new Connection(socket) { LastReceived = _time.GetTimestamp() };
            connection.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(connection), CancellationToken.None);
            await InitialiseAsync(connection, opening.Token);
            _logger.LogDebug("GraphQL WebSocket to {Server} acknowledged", _server);
            connection.CountOpen(_server);
            if (_options.KeepAliveInterval != Timeout.InfiniteTimeSpan)
                _ = Task.Run(() => KeepAliveAsync(connection), CancellationToken.None);
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is null)
            {
                socket.Dispose();
            }
            else
            {
                var closeCode = ex is FlashApiException { WebSocketCloseStatus: GraphQLWebSocketCloseCodes.ConnectionAcknowledgementTimeout }
                    ? GraphQLWebSocketCloseCodes.ConnectionAcknowledgementTimeout
                    : GraphQLWebSocketCloseCodes.NormalClosure;
                connection.End(() => new FlashTransientException("The connection was abandoned while opening", _server, httpStatus: null));
                await ShutDownAsync(connection, closeCode, "Connection not established");
            }
            if (ex is OperationCanceledException && !cancellation.IsCancellationRequested && _disposal.IsCancellationRequested)
                throw new ObjectDisposedException(nameof(GraphQLWebSocketClient));
            throw;
        }
    }

    private async Task HandshakeAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        // ClientWebSocket's own handler follows redirects, which would take the socket (and the connection_init
        // credentials after it) to an address nobody checked; the upgraded stream outlives this handler.
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.Zero };
        if (_options.Proxy is { } proxy)
            handler.Proxy = proxy;
        using var invoker = new HttpMessageInvoker(handler);
        try
        {
            await socket.ConnectAsync(Endpoint, invoker, handshake.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new FlashTransientException(
                string.Create(CultureInfo.InvariantCulture, $"The WebSocket handshake did not finish within {_options.ConnectTimeout.TotalSeconds:0.###} s"),
                _server, httpStatus: null, ex);
        }
        catch (WebSocketException ex)
        {
            var status = (int)socket.HttpStatusCode;
            throw status switch
            {
                401 or 403 => new FlashUnauthorizedException(_server, status, reasonCode: null),
                429 => new FlashRateLimitedException(_server, status, retryAfter: null),
                _ when FlashRequestTooLargeException.IsTooLargeStatus(status) => FlashRequestTooLargeException.ForHttpStatus(_server, status),
                408 or >= 500 or 0 => new FlashTransientException(
                    "The WebSocket connection could not be established", _server, status == 0 ? null : status, ex),
                _ => new FlashProtocolException("The server did not upgrade the connection to a WebSocket", _server, status),
            };
        }
        if (socket.SubProtocol != SubProtocol)
            throw new FlashProtocolException("The server did not agree to the graphql-transport-ws subprotocol", _server, httpStatus: null);
    }

    private async Task InitialiseAsync(Connection connection, CancellationToken cancellation)
    {
        var payload = _connectionInitPayload is null ? null : await _connectionInitPayload(cancellation);
        await SendAsync(connection, new GraphQLWebSocketMessage
        {
            Type = ConnectionInit,
            Payload = payload is null ? null : JsonSerializer.SerializeToElement(payload, GraphQLJsonContext.Default.JsonObject),
        }, cancellation);
        try
        {
            await connection.Acknowledged.Task.WaitAsync(_options.AcknowledgementTimeout, _time, cancellation);
        }
        catch (TimeoutException)
        {
            throw GraphQLWebSocketCloseCodes.ToException(_server, GraphQLWebSocketCloseCodes.ConnectionAcknowledgementTimeout);
        }
    }

    private async Task SendAsync(Connection connection, GraphQLWebSocketMessage message, CancellationToken cancellation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, GraphQLJsonContext.Default.GraphQLWebSocketMessage);
        try
        {
            // Cancelling a WebSocket send aborts the socket, so one caller's token must not end a shared connection:
            // it only bounds the wait for the turn to send.
            await connection.WriteAsync(
                socket => socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, connection.Lifetime.Token),
                cancellation);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException
                                   || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            throw new FlashTransientException("The WebSocket connection failed while sending", _server, httpStatus: null, ex);
        }
    }

    /// <summary>Closes from outside the receive loop: send the close frame, let the loop read the server's, then drop the socket.</summary>
    private async Task ShutDownAsync(Connection connection, int closeCode, string reason)
    {
        await WithinCloseTimeoutAsync(async timeout =>
        {
            await connection.WriteAsync(
                socket => socket.State == WebSocketState.Open
                    ? socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, timeout)
                    : Task.CompletedTask,
                timeout);
            await connection.ReceiveLoop.WaitAsync(timeout);
        });
        await connection.Lifetime.CancelAsync();
        await connection.ReceiveLoop;
    }

    /// <summary>
    /// Runs one step of ending a connection, bounded by <see cref="GraphQLWebSocketClientOptions.CloseTimeout"/>.
    /// A peer that is gone or slow is no error here: the socket is dropped next either way.
    /// </summary>
    private async Task WithinCloseTimeoutAsync(Func<CancellationToken, Task> step)
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
        try
        {
            await step(timeout.Token);
        }
        catch (Exception ex) when (ex is FlashApiException or OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
        }
    }

    /// <summary>
    /// Pings a connection that has been quiet for <see cref="GraphQLWebSocketClientOptions.KeepAliveInterval"/>, and
    /// drops it when nothing comes back within <see cref="GraphQLWebSocketClientOptions.KeepAliveTimeout"/>: its
    /// operations fail as after a drop, so a subscriber falls back to polling and subscribes again on a new socket.
    /// Ends with the connection; never throws.
    /// </summary>
    private async Task KeepAliveAsync(Connection connection)
    {
        var lifetime = connection.Lifetime.Token;
        try
        {
            while (connection.IsOpen)
            {
                var quiet = _time.GetElapsedTime(connection.LastReceived);
                if (quiet < _options.KeepAliveInterval)
                {
                    await Task.Delay(_options.KeepAliveInterval - quiet, _time, lifetime);
                    continue;
                }
                var pingedAt = _time.GetTimestamp();
                bool answered;
                // Bounded as a whole: a send that cannot get its turn, or that a full TCP buffer holds, is as silent
                // as an unanswered ping.
                var ping = SendAsync(connection, new GraphQLWebSocketMessage { Type = Ping }, lifetime);
                try
                {
                    await ping.WaitAsync(_options.KeepAliveTimeout, _time, lifetime);
                    await Task.Delay(_options.KeepAliveTimeout, _time, lifetime);
                    answered = connection.LastReceived >= pingedAt;
                }
                catch (TimeoutException)
                {
                    // The abort below ends the stuck send; its failure is expected and observed here.
                    _ = ping.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    answered = false;
                }
                if (answered || !connection.IsOpen)
                    continue;
                _logger.LogWarning(Lightning.FlashLogEvents.WebSocketSilent, "GraphQL WebSocket to {Server} did not answer a ping within {Timeout}; dropping it",
                    _server, _options.KeepAliveTimeout);
                // Aborting also ends a send that is stuck, and the receive loop, which reports the end.
                if (connection.End(() => new FlashTransientException("Flash stopped answering on the WebSocket", _server, httpStatus: null)))
                    connection.Socket.Abort();
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or FlashApiException or ObjectDisposedException)
        {
            // The connection ended (or a send failed, which the receive loop reports): nothing left to keep alive.
        }
    }

    /// <summary>Reads messages until the socket ends; never throws. Owns the socket's disposal.</summary>
    private async Task ReceiveLoopAsync(Connection connection)
    {
        Func<Exception> ending;
        try
        {
            ending = await ReadUntilEndAsync(connection);
        }
        catch (Exception ex)
        {
            ending = () => new FlashTransientException("The WebSocket connection dropped", _server, httpStatus: null, ex);
        }
        if (connection.End(ending))
            _logger.LogInformation("GraphQL WebSocket to {Server} ended with close status {CloseStatus}", _server, (int?)connection.Socket.CloseStatus);
        connection.CountEnded(_server);
        connection.Socket.Dispose();
    }

    private async Task<Func<Exception>> ReadUntilEndAsync(Connection connection)
    {
        while (true)
        {
            var (type, length) = await ReceiveMessageAsync(connection);
            if (type == WebSocketMessageType.Close)
                return await AnswerCloseAsync(connection);

            var violation = type == WebSocketMessageType.Binary
                ? Invalid("The server sent a binary frame; graphql-transport-ws messages are text")
                : length > _options.MaxMessageBytes
                    ? Invalid(string.Create(CultureInfo.InvariantCulture, $"The server sent a message over the {_options.MaxMessageBytes}-byte limit"))
                    : await HandleMessageAsync(connection, connection.ReceiveBuffer.AsMemory(0, length));
            if (violation is not null)
            {
                // Fail the operations now rather than after the closing handshake.
                connection.End(violation);
                await CloseFromReceiveLoopAsync(connection, GraphQLWebSocketCloseCodes.BadRequest, "Invalid message");
                return violation;
            }
        }
    }

    private async Task<(WebSocketMessageType Type, int Length)> ReceiveMessageAsync(Connection connection)
    {
        var length = 0;
        while (true)
        {
            if (length == connection.ReceiveBuffer.Length)
            {
                if (length > _options.MaxMessageBytes)
                    return (WebSocketMessageType.Text, length);
                connection.GrowReceiveBuffer((int)Math.Min(length * 2L, _options.MaxMessageBytes + 1L));
            }
            var received = await connection.Socket.ReceiveAsync(connection.ReceiveBuffer.AsMemory(length), connection.Lifetime.Token);
            connection.LastReceived = _time.GetTimestamp();
            if (received.MessageType != WebSocketMessageType.Text)
                return (received.MessageType, 0);
            length += received.Count;
            if (received.EndOfMessage || length > _options.MaxMessageBytes)
                return (WebSocketMessageType.Text, length);
        }
    }

    /// <summary>The server closed: complete the closing handshake and say what the close code means.</summary>
    private async Task<Func<Exception>> AnswerCloseAsync(Connection connection)
    {
        var socket = connection.Socket;
        var code = (int?)socket.CloseStatus ?? (int)WebSocketCloseStatus.Empty;
        if (socket.State == WebSocketState.CloseReceived)
            await CloseFromReceiveLoopAsync(connection, (int)(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure), "Closing");
        return () => GraphQLWebSocketCloseCodes.ToException(_server, code);
    }

    /// <summary>Closes from inside the receive loop, where no other receive is pending, so CloseAsync may read the reply.</summary>
    private Task CloseFromReceiveLoopAsync(Connection connection, int closeCode, string reason) =>
        WithinCloseTimeoutAsync(timeout =>
            connection.WriteAsync(socket => socket.CloseAsync((WebSocketCloseStatus)closeCode, reason, timeout), timeout));

    /// <summary>Acts on one text message; returns why the connection must close as invalid, or null.</summary>
    private async Task<Func<Exception>?> HandleMessageAsync(Connection connection, ReadOnlyMemory<byte> json)
    {
        GraphQLWebSocketMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json.Span, GraphQLJsonContext.Default.GraphQLWebSocketMessage);
        }
        catch (JsonException)
        {
            return Invalid("The server sent a message that is not graphql-transport-ws JSON");
        }
        if (message is null)
            return Invalid("The server sent a message that is not graphql-transport-ws JSON");

        switch (message.Type)
        {
            case ConnectionAck:
                connection.Acknowledged.TrySetResult();
                return null;
            case Ping:
                await SendAsync(connection, new GraphQLWebSocketMessage { Type = Pong }, connection.Lifetime.Token);
                return null;
            case Pong:
                return null;
            case Next or Error or Complete when !connection.Acknowledged.Task.IsCompletedSuccessfully:
                return Invalid($"The server sent '{message.Type}' before connection_ack");
            case Next or Error or Complete when string.IsNullOrEmpty(message.Id):
                return Invalid($"The server sent '{message.Type}' without an operation id");
            case Next:
                return DeliverNext(connection, message.Id!, message.Payload);
            case Error:
                return DeliverError(connection, message.Id!, message.Payload);
            case Complete:
                connection.Take(message.Id!)?.End(failure: null);
                return null;
            default:
                return Invalid($"The server sent a message of unexpected type '{DiagnosticCode.OrNull(message.Type) ?? "(unprintable)"}'");
        }
    }

    private Func<Exception>? DeliverNext(Connection connection, string id, JsonElement? payload)
    {
        var operation = connection.Find(id);
        if (operation is null)
            return null; // a late message for an operation that already ended
        GraphQLResponse? result = null;
        try
        {
            if (payload is { ValueKind: JsonValueKind.Object } value)
                result = value.Deserialize(GraphQLJsonContext.Default.GraphQLResponse);
        }
        catch (JsonException)
        {
        }
        if (result is null || result.FindShapeProblem() is not null)
            return Invalid("The server sent a 'next' whose payload is not a GraphQL result");
        if (result.HasErrors)
        {
            // The operation failed: end it here, and tell the server, which may still be running it.
            if (connection.Take(id) is { } failed)
            {
                failed.End(GraphQLErrorClassifier.Classify(_server, httpStatus: null, result.Errors!, result.Data));
                _ = WithinCloseTimeoutAsync(timeout => SendAsync(connection, new GraphQLWebSocketMessage { Type = Complete, Id = id }, timeout));
            }
            return null;
        }
        if (!operation.Subscriber.OnNext(operation, result.Data!.Value))
        {
            // The reader fell that far behind (or the server floods one operation): end this operation only.
            // Left registered, so the subscriber's stop still tells the server with 'complete'.
            operation.End(new FlashProtocolException(
                $"The server sent more than {MaxUnreadResults} results for one operation before they were read", _server, httpStatus: null));
        }
        return null;
    }

    private Func<Exception>? DeliverError(Connection connection, string id, JsonElement? payload)
    {
        if (connection.Find(id) is null)
            return null;
        IReadOnlyList<GraphQLError>? errors = null;
        try
        {
            if (payload is { ValueKind: JsonValueKind.Array } value)
                errors = value.Deserialize(GraphQLJsonContext.Default.IReadOnlyListGraphQLError);
        }
        catch (JsonException)
        {
        }
        if (errors is not { Count: > 0 } || !GraphQLError.AreComplete(errors))
            return Invalid("The server sent an 'error' whose payload is not a list of GraphQL errors");
        connection.Take(id)?.End(GraphQLErrorClassifier.Classify(_server, httpStatus: null, errors, partialData: null));
        return null;
    }

    private Func<Exception> Invalid(string problem) =>
        () => new FlashProtocolException(problem, _server, httpStatus: null, GraphQLWebSocketCloseCodes.BadRequest);

    /// <summary>One socket and the operations running on it.</summary>
    internal sealed class Connection(ClientWebSocket socket)
    {
        private readonly Dictionary<string, GraphQLWebSocketOperation> _operations = new(StringComparer.Ordinal);
        private readonly Lock _sync = new();
        private Func<Exception>? _endedBecause;
        private volatile bool _ended;

        private readonly SemaphoreSlim _sendGate = new(1, 1);

        public ClientWebSocket Socket { get; } = socket;

        /// <summary>Cancelled only to drop the socket.</summary>
        public CancellationTokenSource Lifetime { get; } = new();

        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ReceiveLoop { get; set; } = Task.CompletedTask;

        public byte[] ReceiveBuffer { get; private set; } = new byte[InitialReceiveBufferBytes];

        public bool IsOpen => !_ended;

        /// <summary>When the last frame arrived (a <see cref="TimeProvider.GetTimestamp"/>), for the keep-alive.</summary>
        public long LastReceived { get => Volatile.Read(ref _lastReceived); set => Volatile.Write(ref _lastReceived, value); }

        private long _lastReceived;
        private int _counted;

        /// <summary>Counts the acknowledged connection as open (once).</summary>
        public void CountOpen(string server)
        {
            if (Interlocked.CompareExchange(ref _counted, 1, 0) == 0)
                Diagnostics.FlashMetrics.SocketOpened(server);
        }

        /// <summary>Counts it as ended, if it was counted open; the receive loop's end calls this once.</summary>
        public void CountEnded(string server)
        {
            // Ended before it was counted open (an ack and a close at once): CountOpen then finds it ended and adds nothing.
            if (Interlocked.Exchange(ref _counted, 2) == 1)
                Diagnostics.FlashMetrics.SocketEnded(server);
        }

        /// <summary>Runs one write (a message or a close frame) in turn: a WebSocket allows one send at a time.</summary>
        public async Task WriteAsync(Func<ClientWebSocket, Task> write, CancellationToken waitForTurn)
        {
            await _sendGate.WaitAsync(waitForTurn);
            try
            {
                await write(Socket);
            }
            finally
            {
                _sendGate.Release();
            }
        }

        public void GrowReceiveBuffer(int size)
        {
            var larger = new byte[size];
            ReceiveBuffer.CopyTo(larger, 0);
            ReceiveBuffer = larger;
        }

        public void Register(GraphQLWebSocketOperation operation)
        {
            lock (_sync)
            {
                if (_ended)
                    throw _endedBecause?.Invoke() ?? new ObjectDisposedException(nameof(GraphQLWebSocketClient));
                _operations.Add(operation.Id, operation);
                operation.Connection = this;
            }
        }

        /// <summary>True when the operation was still running, i.e. the server has not ended it.</summary>
        public bool Unregister(GraphQLWebSocketOperation operation)
        {
            lock (_sync)
                return _operations.Remove(operation.Id);
        }

        public GraphQLWebSocketOperation? Find(string id)
        {
            lock (_sync)
                return _operations.GetValueOrDefault(id);
        }

        public GraphQLWebSocketOperation? Take(string id)
        {
            lock (_sync)
                return _operations.Remove(id, out var operation) ? operation : null;
        }

        /// <summary>
        /// Ends the connection once: operations fail with a fresh error each (null failure: they complete, the
        /// client was disposed). Returns false when it had already ended.
        /// </summary>
        public bool End(Func<Exception>? failure)
        {
            GraphQLWebSocketOperation[] running;
            lock (_sync)
            {
                if (_ended)
                    return false;
                _ended = true;
                _endedBecause = failure;
                running = [.. _operations.Values];
                _operations.Clear();
            }
            Acknowledged.TrySetException(failure?.Invoke() ?? new ObjectDisposedException(nameof(GraphQLWebSocketClient)));
            // Whoever waited for the ack has already seen this failure or stopped waiting; mark it observed.
            _ = Acknowledged.Task.Exception;
            foreach (var operation in running)
                operation.End(failure?.Invoke());
            return true;
        }
    }

    /// <summary>Results queued for a caller that awaits them, bounded so a flooding server cannot grow it.</summary>
    internal sealed class QueuedResults : IGraphQLSubscriber
    {
        private readonly Channel<JsonElement> _results = Channel.CreateBounded<JsonElement>(
            new BoundedChannelOptions(MaxUnreadResults) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        /// <summary>The <c>next</c> data in order; completes normally on <c>complete</c>, with the failure otherwise.</summary>
        public ChannelReader<JsonElement> Reader => _results.Reader;

        public bool OnNext(GraphQLWebSocketOperation operation, JsonElement data) => _results.Writer.TryWrite(data);

        public void OnEnded(GraphQLWebSocketOperation operation, Exception? failure) => _results.Writer.TryComplete(failure);
    }
}

/// <summary>
/// Supplies the <c>connection_init</c> payload for each new WebSocket connection, e.g.
/// <c>{"Authorization":"Bearer &lt;session token&gt;"}</c>, or null to send none. It holds credentials, so the
/// client never logs it nor puts it in an exception.
/// </summary>
public delegate ValueTask<JsonObject?> ConnectionInitPayloadSource(CancellationToken cancellation);
