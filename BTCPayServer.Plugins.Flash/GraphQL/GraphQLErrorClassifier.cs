using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Turns a GraphQL <c>errors</c> array into the typed exception callers act on, the same for HTTP and WebSocket.</summary>
internal static class GraphQLErrorClassifier
{
    private static readonly string[] UnauthorizedCodes = ["NOT_AUTHORIZED", "UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN"];

    private const string RateLimitedCode = "TOO_MANY_REQUESTS";

    public static FlashApiException Classify(string server, int? httpStatus, IReadOnlyList<GraphQLError> errors, JsonElement? partialData)
    {
        foreach (var error in errors)
        {
            if (UnauthorizedCodes.FirstOrDefault(error.HasCode) is { } code)
                return new FlashUnauthorizedException(server, httpStatus, code);
        }

        var rateLimit = errors.FirstOrDefault(e => e.HasCode(RateLimitedCode));
        if (rateLimit is not null)
            return new FlashRateLimitedException(server, httpStatus, rateLimit.RetryAfter);

        return new GraphQLRequestErrorException(server, httpStatus, errors, partialData);
    }
}
