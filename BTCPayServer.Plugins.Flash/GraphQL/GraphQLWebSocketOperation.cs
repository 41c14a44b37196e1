using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// What one running graphql-transport-ws operation tells its owner. Called on the socket's receive loop, so a
/// subscriber must not block: a status subscription carries a handful of results in its life, and thousands of
/// them share one socket.
/// </summary>
internal interface IGraphQLSubscriber
{
    /// <summary>A <c>next</c> without errors. False when the subscriber cannot take more now: the operation then ends as flooded.</summary>
    bool OnNext(GraphQLWebSocketOperation operation, JsonElement data);

    /// <summary>
    /// Called once when the operation ends other than by <see cref="GraphQLWebSocketOperation.StopAsync"/>: null
    /// after the server's <c>complete</c> or the client's disposal, else the typed failure (<c>error</c>, a <c>next</c>
    /// with errors, the connection lost or never made). It may still come while a stop is under way.
    /// </summary>
    void OnEnded(GraphQLWebSocketOperation operation, Exception? failure);
}

/// <summary>
/// One operation on a <see cref="GraphQLWebSocketClient"/>: its id on the socket and whom it tells. It holds neither
/// the request (dropped once sent) nor a buffer, so a subscription that waits for hours costs a few dozen bytes.
/// </summary>
internal sealed class GraphQLWebSocketOperation
{
    private const int Starting = 0;
    private const int Running = 1;
    private const int Stopped = 2;

    private readonly GraphQLWebSocketClient _client;
    private int _state;
    private int _ended;

    internal GraphQLWebSocketOperation(GraphQLWebSocketClient client, string id, IGraphQLSubscriber subscriber)
    {
        _client = client;
        Id = id;
        Subscriber = subscriber;
    }

    public string Id { get; }

    public IGraphQLSubscriber Subscriber { get; }

    /// <summary>The connection it was registered on; set before its <c>subscribe</c> is sent.</summary>
    internal GraphQLWebSocketClient.Connection? Connection { get; set; }

    /// <summary>
    /// Tells the server the subscriber is gone (<c>complete</c>), unless the server already ended the operation;
    /// an operation still starting is stopped as soon as its <c>subscribe</c> is sent. Never throws.
    /// </summary>
    public Task StopAsync() =>
        Interlocked.Exchange(ref _state, Stopped) == Running ? _client.StopAsync(this) : Task.CompletedTask;

    /// <summary>After its <c>subscribe</c> was sent: false when it was stopped meanwhile, so the sender stops it now.</summary>
    internal bool MarkRunning() => Interlocked.CompareExchange(ref _state, Running, Starting) == Starting;

    /// <summary>Tells the subscriber once that the operation ended.</summary>
    internal void End(Exception? failure)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
            Subscriber.OnEnded(this, failure);
    }
}
