using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>The Flash account has no wallet matching the connection's wallet selection.</summary>
public sealed class FlashWalletNotFoundException : FlashApiException
{
    public FlashWalletNotFoundException(string problem, string server)
        : base(problem, server, httpStatus: null, webSocketCloseStatus: null, mayRetry: false)
    {
    }
}
