namespace BTCPayServer.Plugins.Flash.GraphQL;

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
