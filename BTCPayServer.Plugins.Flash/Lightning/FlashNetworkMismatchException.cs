namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>The Flash instance runs on another Bitcoin network than the one BTCPay Server expects.</summary>
public sealed class FlashNetworkMismatchException : FlashAnswerRejectedException
{
    public FlashNetworkMismatchException(string flashNetwork, string expectedNetwork, string server)
        : base(OnServer($"The Flash server runs on {flashNetwork}, but this BTCPay Server expects {expectedNetwork}", server), server)
    {
        FlashNetwork = flashNetwork;
        ExpectedNetwork = expectedNetwork;
    }

    public string FlashNetwork { get; }

    public string ExpectedNetwork { get; }
}
