using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>The Flash instance runs on another Bitcoin network than the one BTCPay Server expects.</summary>
public sealed class FlashNetworkMismatchException : FlashApiException
{
    public FlashNetworkMismatchException(string flashNetwork, string expectedNetwork, string server)
        : base($"The Flash server runs on {flashNetwork}, but this BTCPay Server expects {expectedNetwork}", server,
            httpStatus: null, webSocketCloseStatus: null, mayRetry: false)
    {
        FlashNetwork = flashNetwork;
        ExpectedNetwork = expectedNetwork;
    }

    public string FlashNetwork { get; }

    public string ExpectedNetwork { get; }
}
