namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>The <c>type</c> values of graphql-transport-ws (not the legacy subscriptions-transport-ws ones).</summary>
internal static class GraphQLWebSocketMessageTypes
{
    public const string ConnectionInit = "connection_init";
    public const string ConnectionAck = "connection_ack";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string Subscribe = "subscribe";
    public const string Next = "next";
    public const string Error = "error";
    public const string Complete = "complete";
}
