using BTCPayServer.Plugins.Flash.Settings;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>Which wallet of the Flash account receives the store's payments, as the connect form offers it.</summary>
public enum ReceiveIn
{
    AccountDefault,

    /// <summary>The account's USD or USDT wallet (Flash is moving USD wallets to USDT).</summary>
    DollarWallet,

    BtcWallet,
}

public static class ReceiveInExtensions
{
    public static FlashWalletCurrency? ToCurrency(this ReceiveIn receiveIn) => receiveIn switch
    {
        ReceiveIn.DollarWallet => FlashWalletCurrency.USD,
        ReceiveIn.BtcWallet => FlashWalletCurrency.BTC,
        _ => null,
    };

    public static ReceiveIn FromCurrency(FlashWalletCurrency? currency) => currency switch
    {
        FlashWalletCurrency.USD => ReceiveIn.DollarWallet,
        FlashWalletCurrency.BTC => ReceiveIn.BtcWallet,
        _ => ReceiveIn.AccountDefault,
    };
}
