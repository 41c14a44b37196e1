using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Compile-time JSON metadata for every type the transport reads or writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphQLRequest))]
[JsonSerializable(typeof(GraphQLResponse))]
[JsonSerializable(typeof(IReadOnlyList<GraphQLError>))]
[JsonSerializable(typeof(GraphQLWebSocketMessage))]
[JsonSerializable(typeof(GatewayErrorBody))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class GraphQLJsonContext : JsonSerializerContext;
