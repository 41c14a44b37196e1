using System.Threading.Channels;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// One operation running on a graphql-transport-ws connection: the results the server sends for its id,
/// ended by <c>complete</c>, by <c>error</c>, or by the connection ending.
/// </summary>
internal sealed class GraphQLWebSocketOperation(string id)
{
    private readonly Channel<GraphQLResponse> _results =
        Channel.CreateUnbounded<GraphQLResponse>(new UnboundedChannelOptions { SingleReader = true });

    public string Id { get; } = id;

    /// <summary>The <c>next</c> payloads in order; completes normally on <c>complete</c>, with the failure otherwise.</summary>
    public ChannelReader<GraphQLResponse> Results => _results.Reader;

    public void Next(GraphQLResponse result) => _results.Writer.TryWrite(result);

    public void Complete() => _results.Writer.TryComplete();

    public void Fail(Exception failure) => _results.Writer.TryComplete(failure);
}
