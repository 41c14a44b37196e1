using System.Text.Json;
using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>The graphql-transport-ws envelope, the same in both directions: <c>{type, id?, payload?}</c>.</summary>
internal sealed class GraphQLWebSocketMessage
{
    [JsonRequired]
    public string Type { get; init; } = "";

    public string? Id { get; init; }

    public JsonElement? Payload { get; init; }
}
