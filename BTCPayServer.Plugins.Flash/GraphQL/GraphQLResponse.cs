using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>An execution result: the body of an HTTP answer, or the payload of a WebSocket <c>next</c> message.</summary>
internal sealed class GraphQLResponse
{
    public JsonElement? Data { get; init; }

    public IReadOnlyList<GraphQLError>? Errors { get; init; }

    public bool HasErrors => Errors is { Count: > 0 };

    /// <summary>
    /// What is wrong with the shape, in words that quote nothing from the body; null when it is a usable result.
    /// Deserialisation already rejects wrong types inside <c>errors</c>; this catches what a JsonElement accepts.
    /// </summary>
    public string? FindShapeProblem()
    {
        if (Data is { } data && data.ValueKind != JsonValueKind.Object)
            return $"'data' is a JSON {data.ValueKind.ToString().ToLowerInvariant()}, not an object";
        if (Data is null && !HasErrors)
            return "the result has neither 'data' nor 'errors'";
        if (Errors is { } errors && !GraphQLError.AreComplete(errors))
            return "an entry of 'errors' is not an error object with a message";
        return null;
    }
}
