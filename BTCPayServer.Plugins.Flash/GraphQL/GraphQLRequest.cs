using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// One GraphQL operation as it goes on the wire: the body of an HTTP POST, or the payload of a
/// graphql-transport-ws <c>subscribe</c> message.
/// </summary>
public sealed class GraphQLRequest
{
    public GraphQLRequest(string query, string? operationName = null, JsonElement? variables = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (variables is { ValueKind: not JsonValueKind.Object })
            throw new ArgumentException("GraphQL variables must be a JSON object.", nameof(variables));
        Query = query;
        OperationName = operationName;
        Variables = variables;
    }

    public string Query { get; }

    public string? OperationName { get; }

    public JsonElement? Variables { get; }

    /// <summary>
    /// A request whose variables are a typed object, serialised through the caller's source-generated
    /// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (no reflection).
    /// </summary>
    public static GraphQLRequest Create<TVariables>(
        string query, TVariables variables, JsonTypeInfo<TVariables> variablesType, string? operationName = null) =>
        new(query, operationName, JsonSerializer.SerializeToElement(variables, variablesType));

    /// <summary>A request whose variables are built by hand as a JSON object.</summary>
    public static GraphQLRequest Create(string query, JsonObject variables, string? operationName = null) =>
        new(query, operationName, JsonSerializer.SerializeToElement(variables, GraphQLJsonContext.Default.JsonObject));
}
