namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Counts what the transports put on the network, for tests and benchmarks that assert how much traffic a flow
/// costs (for instance that provisioning a token opens one WebSocket and runs one operation). Share one instance
/// between transports to count a whole flow.
/// </summary>
public sealed class GraphQLTransportCounters
{
    private long _httpRequests;
    private long _webSocketConnections;
    private long _webSocketOperations;

    /// <summary>HTTP POSTs sent, each retry included.</summary>
    public long HttpRequests => Interlocked.Read(ref _httpRequests);

    /// <summary>WebSocket handshakes that succeeded.</summary>
    public long WebSocketConnections => Interlocked.Read(ref _webSocketConnections);

    /// <summary><c>subscribe</c> messages sent.</summary>
    public long WebSocketOperations => Interlocked.Read(ref _webSocketOperations);

    internal void CountHttpRequest() => Interlocked.Increment(ref _httpRequests);

    internal void CountWebSocketConnection() => Interlocked.Increment(ref _webSocketConnections);

    internal void CountWebSocketOperation() => Interlocked.Increment(ref _webSocketOperations);
}
