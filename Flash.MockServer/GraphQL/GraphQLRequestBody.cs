using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;

namespace Flash.MockServer.GraphQL;

/// <summary>A GraphQL request's <c>query</c>, <c>operationName</c> and <c>variables</c>, shape-checked.</summary>
internal sealed record GraphQLRequestBody(string Query, string? OperationName, Inputs? Variables)
{
    public const string NotUtf8 = "The request body is not valid UTF-8 JSON: a string in it holds invalid UTF-8 or a lone surrogate escape";

    /// <summary>Reads a request object; every malformed part becomes one plain sentence, never an exception.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, GraphQLSerializer serializer, out GraphQLRequestBody? request, out string? error)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            error = "The request body is not valid JSON";
            return false;
        }
        using (document)
        {
            if (!JsonStrings.AreWellFormed(document.RootElement))
            {
                error = NotUtf8;
                return false;
            }
            return TryRead(document.RootElement, serializer, out request, out error);
        }
    }

    public static bool TryRead(JsonElement root, GraphQLSerializer serializer, out GraphQLRequestBody? request, out string? error)
    {
        request = null;
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
            error = "The request must be a JSON object";
        else if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
            error = "'query' must be a string";
        else if (root.TryGetProperty("operationName", out var name) && name.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            error = "'operationName' must be a string or null";
        else if (root.TryGetProperty("variables", out var variables) && variables.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            error = "'variables' must be an object or null";
        else if (root.TryGetProperty("extensions", out var extensions) && extensions.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            error = "'extensions' must be an object or null";
        else
        {
            var inputs = root.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object ? serializer.ReadNode<Inputs>(v) : null;
            request = new GraphQLRequestBody(query.GetString()!, root.TryGetProperty("operationName", out var n) ? n.GetString() : null, inputs);
            return true;
        }
        return false;
    }
}
