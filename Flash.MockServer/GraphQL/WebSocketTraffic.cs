namespace Flash.MockServer.GraphQL;

/// <summary>
/// What clients have done on the mock's WebSockets since it started: connections upgraded and <c>subscribe</c>
/// messages received, so a test can tell how many sockets and operations a flow cost Flash.
/// </summary>
internal sealed class WebSocketTraffic
{
    private long _connections;
    private long _subscribes;

    /// <summary>Upgrades that became a graphql-transport-ws connection.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary><c>subscribe</c> messages received, whatever became of them.</summary>
    public long Subscribes => Interlocked.Read(ref _subscribes);

    public void CountConnection() => Interlocked.Increment(ref _connections);

    public void CountSubscribe() => Interlocked.Increment(ref _subscribes);
}
