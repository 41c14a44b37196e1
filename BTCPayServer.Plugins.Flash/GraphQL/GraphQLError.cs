using System.Text.Json;
using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

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
