using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// The server answered with GraphQL <c>errors</c> that are not about credentials or rate limits: validation,
/// execution, or Flash's WebSocket refusing a query or mutation.
/// </summary>
public sealed class GraphQLRequestErrorException : FlashApiException
{
    /// <summary>What the real Flash WebSocket server answers to any query or mutation.</summary>
    public const string OnlySubscriptionsSupportedMessage = "Only subscription operations are supported";

    public GraphQLRequestErrorException(string server, int? httpStatus, IReadOnlyList<GraphQLError> errors, JsonElement? partialData = null)
        : base(Summarise(errors), server, httpStatus, webSocketCloseStatus: null, mayRetry: false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
        PartialData = partialData;
    }

    public IReadOnlyList<GraphQLError> Errors { get; }

    /// <summary>Every code the errors carry, top-level and <c>extensions.code</c>, without repeats.</summary>
    public IReadOnlyList<string> Codes =>
        Errors.SelectMany(e => new[] { e.Code, e.ExtensionsCode }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The server's error texts. Kept out of <see cref="Exception.Message"/> because they can echo request values.</summary>
    public IReadOnlyList<string> Messages => Errors.Select(e => e.Message).ToList();

    /// <summary>The <c>data</c> that came with the errors, if any.</summary>
    public JsonElement? PartialData { get; }

    /// <summary>
    /// True when the server refused the operation because it only runs subscriptions over WebSocket (Flash today):
    /// the caller should send the operation over HTTP instead.
    /// </summary>
    public bool ServerAcceptsOnlySubscriptions =>
        Errors.Any(e => string.Equals(e.Message.Trim(), OnlySubscriptionsSupportedMessage, StringComparison.OrdinalIgnoreCase));

    private static string Summarise(IReadOnlyList<GraphQLError> errors)
    {
        if (errors.Any(e => string.Equals(e.Message.Trim(), OnlySubscriptionsSupportedMessage, StringComparison.OrdinalIgnoreCase)))
            return "The server accepts only subscription operations on this connection";
        var codes = errors.Select(e => DiagnosticCode.OrNull(e.EffectiveCode) ?? "no code").Distinct(StringComparer.Ordinal);
        return $"The GraphQL server returned {errors.Count} error(s): {string.Join(", ", codes)}";
    }
}
