namespace BTCPayServer.Plugins.Flash.GraphQL;

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
