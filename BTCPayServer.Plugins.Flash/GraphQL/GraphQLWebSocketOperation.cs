using System.Threading.Channels;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// One operation running on a graphql-transport-ws connection: the results the server sends for its id,
/// ended by <c>complete</c>, by <c>error</c>, or by the connection ending.
/// </summary>
internal sealed class GraphQLWebSocketOperation(string id)
{
    /// <summary>Results the server may send ahead of the reader (a status subscription sends a handful in its life).</summary>
    public const int MaxUnreadResults = 16;

    // Bounded: its buffer grows with use, where an unbounded channel starts with a queue segment, and a subscription
    // waits with thousands of others for its few results.
    private readonly Channel<GraphQLResponse> _results = Channel.CreateBounded<GraphQLResponse>(
        new BoundedChannelOptions(MaxUnreadResults) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public string Id { get; } = id;

    /// <summary>The <c>next</c> payloads in order; completes normally on <c>complete</c>, with the failure otherwise.</summary>
    public ChannelReader<GraphQLResponse> Results => _results.Reader;

    /// <summary>False when <see cref="MaxUnreadResults"/> results are already waiting to be read.</summary>
    public bool Next(GraphQLResponse result) => _results.Writer.TryWrite(result);

    public void Complete() => _results.Writer.TryComplete();

    public void Fail(Exception failure) => _results.Writer.TryComplete(failure);
}
