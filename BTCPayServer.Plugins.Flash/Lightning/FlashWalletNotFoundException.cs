namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>The Flash account has no wallet matching the connection's wallet selection.</summary>
public sealed class FlashWalletNotFoundException : FlashAnswerRejectedException
{
    public FlashWalletNotFoundException(string problem, string server)
        : base(OnServer(problem, server), server)
    {
    }
}
