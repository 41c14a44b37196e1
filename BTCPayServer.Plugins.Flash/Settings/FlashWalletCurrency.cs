namespace BTCPayServer.Plugins.Flash.Settings;

/// <summary>Which of the account's wallets receives payments when no wallet id is given.</summary>
public enum FlashWalletCurrency
{
    BTC,
    USD,
}
