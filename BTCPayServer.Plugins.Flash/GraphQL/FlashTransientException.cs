namespace BTCPayServer.Plugins.Flash.GraphQL;

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
