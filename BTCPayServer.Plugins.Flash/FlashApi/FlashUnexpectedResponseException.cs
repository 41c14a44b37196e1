using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// Flash answered with valid GraphQL that does not make sense for the operation: a missing or null field the
/// schema promises, an unknown enum value, a price that cannot be used, an invoice that is not a valid BOLT 11.
/// Repeating the call is not expected to help. The message says where, never what value was there.
/// </summary>
public sealed class FlashUnexpectedResponseException : FlashApiException
{
    public FlashUnexpectedResponseException(string operation, string problem, string server, Exception? innerException = null)
        : base($"Flash's answer to {operation} is unusable: {problem}", server, httpStatus: null, webSocketCloseStatus: null, mayRetry: false, innerException)
    {
        Operation = operation;
    }

    public string Operation { get; }
}
