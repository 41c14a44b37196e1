using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BTCPayServer.Plugins.Flash.GraphQL;

// GraphQL as it travels, whichever transport carries it: the request, the response with its errors, and the
// source-generated JSON contract for them.

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

/// <summary>
/// One entry of a GraphQL <c>errors</c> array. Flash puts auth codes at the top level (Apollo style,
/// <c>{"message","code"}</c>) and rate limits under <c>extensions</c>, so both places are read.
/// </summary>
public sealed class GraphQLError
{
    /// <summary>The server's text. It can quote request values back, so it never goes into an exception message.</summary>
    [JsonRequired]
    public string Message { get; init; } = "";

    /// <summary>Field names (strings) and list indices (numbers) leading to the failing field.</summary>
    public IReadOnlyList<JsonElement>? Path { get; init; }

    public IReadOnlyList<GraphQLErrorLocation>? Locations { get; init; }

    /// <summary>The Apollo-style top-level <c>code</c>.</summary>
    public string? Code { get; init; }

    public JsonElement? Extensions { get; init; }

    /// <summary>The spec-style <c>extensions.code</c>.</summary>
    [JsonIgnore]
    public string? ExtensionsCode => ExtensionString("code");

    /// <summary><c>extensions.code</c> when present, else the top-level <c>code</c>.</summary>
    [JsonIgnore]
    public string? EffectiveCode => ExtensionsCode ?? Code;

    /// <summary>Flash's rate-limit hint, <c>extensions.retryAfterSeconds</c>.</summary>
    [JsonIgnore]
    public TimeSpan? RetryAfter =>
        Extensions is { ValueKind: JsonValueKind.Object } extensions
        && extensions.TryGetProperty("retryAfterSeconds", out var seconds)
        && seconds.ValueKind == JsonValueKind.Number
        && seconds.TryGetDouble(out var value) && value >= 0 && value < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(value)
            : null;

    /// <summary>
    /// Whether every entry is an error object with a message. [JsonRequired] only asks that <c>message</c> be there:
    /// <c>"message":null</c> and a <c>null</c> entry both deserialise, and every reader of errors relies on neither.
    /// </summary>
    internal static bool AreComplete(IReadOnlyList<GraphQLError?> errors) => errors.All(error => error?.Message is not null);

    /// <summary>True when either code place holds <paramref name="code"/> (case-insensitive).</summary>
    public bool HasCode(string code) =>
        string.Equals(Code, code, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ExtensionsCode, code, StringComparison.OrdinalIgnoreCase);

    private string? ExtensionString(string name) =>
        Extensions is { ValueKind: JsonValueKind.Object } extensions
        && extensions.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>Where in the query document a GraphQL error points.</summary>
public sealed class GraphQLErrorLocation
{
    public int Line { get; init; }

    public int Column { get; init; }
}

/// <summary>The non-GraphQL body Flash's gateway sends with a 401, e.g. <c>{"error":"invalid_api_key"}</c>.</summary>
internal sealed class GatewayErrorBody
{
    public string? Error { get; init; }
}

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
