using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.GraphQL;

// What a call to a Flash server can fail with, one typed error a cause, each saying whether trying again can help
// (MayRetry), and how GraphQL errors and close codes become them. Messages never carry a credential.

/// <summary>
/// Root of every failure talking to a Flash server. Messages name the server and the HTTP status or
/// WebSocket close code, and never carry a response body, a header value or a connection_init payload:
/// each of those can hold or echo a credential.
/// </summary>
public abstract class FlashApiException : Exception
{
    protected FlashApiException(
        string problem, string server, int? httpStatus, int? webSocketCloseStatus, bool mayRetry, Exception? innerException = null)
        : base(Describe(problem, server, httpStatus, webSocketCloseStatus), innerException)
    {
        Server = server;
        HttpStatus = httpStatus;
        WebSocketCloseStatus = webSocketCloseStatus;
        MayRetry = mayRetry;
    }

    /// <summary>Host and port of the server, without path, query or user info.</summary>
    public string Server { get; }

    public int? HttpStatus { get; }

    public int? WebSocketCloseStatus { get; }

    /// <summary>
    /// Whether repeating the same call later can succeed. The HTTP transport already retried what it safely could;
    /// this is the decision for the caller (for instance whether to reconnect a subscription).
    /// </summary>
    public bool MayRetry { get; }

    /// <summary>How a server is named in messages: the endpoint's authority (user info is never part of it).</summary>
    internal static string ServerOf(Uri endpoint) => endpoint.Authority;

    private static string Describe(string problem, string server, int? httpStatus, int? webSocketCloseStatus)
    {
        // No server yet (a store that names none and has no connection): nothing to add.
        if (server.Length == 0 && httpStatus is null && webSocketCloseStatus is null)
            return problem;
        var where = string.Create(CultureInfo.InvariantCulture, $"server {server}");
        if (httpStatus is { } status)
            where += string.Create(CultureInfo.InvariantCulture, $", HTTP {status}");
        if (webSocketCloseStatus is { } close)
            where += string.Create(CultureInfo.InvariantCulture, $", WebSocket close {close}");
        return $"{problem} ({where})";
    }
}

/// <summary>
/// The server or the network failed in a way that usually passes: HTTP 5xx, a timeout, a refused or reset
/// connection, a WebSocket that dropped. The HTTP transport retries these only for operations marked safe to repeat.
/// </summary>
public sealed class FlashTransientException : FlashApiException
{
    public FlashTransientException(
        string problem, string server, int? httpStatus, Exception? innerException = null, int? webSocketCloseStatus = null)
        : base(problem, server, httpStatus, webSocketCloseStatus, mayRetry: true, innerException)
    {
    }
}

/// <summary>
/// The GraphQL WebSocket server reported an internal error (close 4500). graphql-transport-ws clients do not
/// retry it: the same message is expected to fail the same way.
/// </summary>
public sealed class FlashServerErrorException : FlashApiException
{
    public FlashServerErrorException(string problem, string server, int? webSocketCloseStatus)
        : base(problem, server, httpStatus: null, webSocketCloseStatus, mayRetry: false)
    {
    }
}

/// <summary>
/// The server's answer is not a usable GraphQL answer: an HTML page, a truncated or non-JSON body, JSON of the
/// wrong shape, a body over the size limit, an unexpected HTTP status, or a WebSocket message that breaks
/// graphql-transport-ws. Repeating the call is not expected to help.
/// </summary>
public sealed class FlashProtocolException : FlashApiException
{
    public FlashProtocolException(string problem, string server, int? httpStatus, int? webSocketCloseStatus = null)
        : base(problem, server, httpStatus, webSocketCloseStatus, mayRetry: false)
    {
    }
}

/// <summary>
/// The server refused the credentials: HTTP 401/403 (Flash's gateway answers every API-key failure with
/// <c>{"error":"invalid_api_key"}</c>), a GraphQL <c>NOT_AUTHORIZED</c>/<c>UNAUTHENTICATED</c> error, or a
/// WebSocket closed with 4401/4403. Sending the same credentials again does not help.
/// </summary>
public sealed class FlashUnauthorizedException : FlashApiException
{
    public FlashUnauthorizedException(
        string server, int? httpStatus, string? reasonCode, int? webSocketCloseStatus = null, bool mayRetry = false, string? problem = null)
        : base(Summarise(problem ?? "The server refused the credentials", reasonCode), server, httpStatus, webSocketCloseStatus, mayRetry)
    {
        ReasonCode = DiagnosticCode.OrNull(reasonCode);
    }

    /// <summary>The server's short code for the refusal (<c>invalid_api_key</c>, <c>NOT_AUTHORIZED</c>), when it gave a plain one.</summary>
    public string? ReasonCode { get; }

    private static string Summarise(string problem, string? reasonCode) =>
        DiagnosticCode.OrNull(reasonCode) is { } code ? $"{problem} ({code})" : problem;
}

/// <summary>
/// The server is rate limiting: HTTP 429 with <c>Retry-After</c>, or HTTP 200 with a GraphQL error whose
/// <c>extensions.code</c> is <c>TOO_MANY_REQUESTS</c> and <c>extensions.retryAfterSeconds</c> says how long to wait.
/// Thrown once the wait would exceed what the transport may spend, or at once where waiting is not allowed.
/// </summary>
public sealed class FlashRateLimitedException : FlashApiException
{
    public FlashRateLimitedException(string server, int? httpStatus, TimeSpan? retryAfter)
        : this(server, httpStatus, retryAfter, ofStoreKey: false)
    {
    }

    private FlashRateLimitedException(string server, int? httpStatus, TimeSpan? retryAfter, bool ofStoreKey)
        : base(Summarise(retryAfter, ofStoreKey), server, httpStatus, webSocketCloseStatus: null, mayRetry: true)
    {
        RetryAfter = retryAfter;
        OfStoreKey = ofStoreKey;
    }

    /// <summary>How long the server asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the limit reached is the store's own key's (Flash counts requests per key or token).</summary>
    public bool OfStoreKey { get; }

    /// <summary>
    /// The same limit, told as the store's: what BTCPay shows the merchant when a checkout gets no invoice. Only the
    /// caller knows the request carried the store's key; the transport does not.
    /// </summary>
    public FlashRateLimitedException OfTheStoresKey() => new(Server, HttpStatus, RetryAfter, ofStoreKey: true);

    private static string Summarise(TimeSpan? retryAfter, bool ofStoreKey)
    {
        if (ofStoreKey)
        {
            return retryAfter is { } wait
                ? string.Create(CultureInfo.InvariantCulture, $"Flash's rate limit for this store's key was reached; retry in {WholeSeconds(wait)} s")
                : "Flash's rate limit for this store's key was reached; Flash did not say for how long, so retry in a minute";
        }
        return retryAfter is { } delay
            ? string.Create(CultureInfo.InvariantCulture, $"The server is rate limiting requests; retry after {delay.TotalSeconds:0.###} s")
            : "The server is rate limiting requests";
    }

    /// <summary>Rounded up, and at least one: a merchant who waits that long is past the limit.</summary>
    private static long WholeSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}

/// <summary>
/// The server refused the request as too large before running it: HTTP 413 (body), 414 (address) or 431 (headers),
/// or a WebSocket closed with 1009 (a message). Nothing was done on the server, and sending the same request again
/// cannot help: what was sent has to change.
/// </summary>
public sealed class FlashRequestTooLargeException : FlashApiException
{
    public const int PayloadTooLarge = 413;
    public const int UriTooLong = 414;
    public const int RequestHeaderFieldsTooLarge = 431;

    private FlashRequestTooLargeException(OversizedPart part, string server, int? httpStatus, int? webSocketCloseStatus)
        : base(Summarise(part), server, httpStatus, webSocketCloseStatus, mayRetry: false)
    {
        Part = part;
    }

    public OversizedPart Part { get; }

    /// <summary>Whether an HTTP status (of an answer or of a refused WebSocket upgrade) means "too large".</summary>
    public static bool IsTooLargeStatus(int status) => status is PayloadTooLarge or UriTooLong or RequestHeaderFieldsTooLarge;

    public static FlashRequestTooLargeException ForHttpStatus(string server, int status) => new(
        status switch
        {
            RequestHeaderFieldsTooLarge => OversizedPart.Headers,
            UriTooLong => OversizedPart.Address,
            PayloadTooLarge => OversizedPart.Body,
            _ => throw new ArgumentOutOfRangeException(nameof(status), "Only 413, 414 and 431 mean a request was too large."),
        },
        server, status, webSocketCloseStatus: null);

    public static FlashRequestTooLargeException ForWebSocketClose(string server, int closeStatus) =>
        new(OversizedPart.Message, server, httpStatus: null, closeStatus);

    private static string Summarise(OversizedPart part) => part switch
    {
        OversizedPart.Headers => "The server refused the request's headers as too large",
        OversizedPart.Address => "The server refused the request's address as too long",
        OversizedPart.Body => "The server refused the request body as too large",
        _ => "The server refused a WebSocket message as too large",
    };
}

/// <summary>Which part of a request a server refused as too large; each points the store owner at a different fix.</summary>
public enum OversizedPart
{
    /// <summary>HTTP 431: the headers, where an over-long credential (a pasted session token) travels.</summary>
    Headers,

    /// <summary>HTTP 414: the address (the endpoint URL).</summary>
    Address,

    /// <summary>HTTP 413: the request body.</summary>
    Body,

    /// <summary>WebSocket close 1009: a message, such as a connection_init carrying an over-long session token.</summary>
    Message,
}

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

/// <summary>
/// Decides whether a code a server sent (an error code, a message type) is plain enough to print in an exception
/// message. Codes are single-case identifiers (<c>NOT_AUTHORIZED</c>, <c>invalid_api_key</c>); Flash tokens and
/// API keys are long and mixed-case, so a server echoing one in a code field never gets it printed.
/// </summary>
internal static partial class DiagnosticCode
{
    public static string? OrNull(string? code) => code is not null && Plain().IsMatch(code) ? code : null;

    [GeneratedRegex("^(?:[A-Z][A-Z0-9_]{0,39}|[a-z][a-z0-9_]{0,39})$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
