using System.Runtime.CompilerServices;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Tests;

/// <summary>
/// A subscription read as a sequence, for tests that talk to a server the way a GraphQL client would. The plugin
/// itself subscribes with <see cref="GraphQLWebSocketClient.Start"/>; this reads the same operation through the
/// client's own bounded queue, so a flood ends it exactly as it ends a query.
/// </summary>
internal static class GraphQLSubscriptions
{
    /// <summary>
    /// Each <c>next</c> yields its <c>data</c>; <c>complete</c> or disposing the client ends the sequence; <c>error</c>,
    /// a <c>next</c> with errors or a lost connection throws the typed error. Stopping early sends <c>complete</c>.
    /// </summary>
    public static async IAsyncEnumerable<JsonElement> SubscribeAsync(
        this GraphQLWebSocketClient client, GraphQLRequest request, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var results = new GraphQLWebSocketClient.QueuedResults();
        var operation = client.Start(request, results, cancellation);
        try
        {
            var reader = results.Reader;
            while (await reader.WaitToReadAsync(cancellation))
            {
                while (reader.TryRead(out var data))
                    yield return data;
            }
        }
        finally
        {
            await operation.StopAsync();
        }
    }
}
