namespace BTCPayServer.Plugins.Flash.GraphQL;

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
