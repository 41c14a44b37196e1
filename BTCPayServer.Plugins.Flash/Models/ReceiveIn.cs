using BTCPayServer.Plugins.Flash.FlashApi.Models;

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
    public static WalletCurrency? ToCurrency(this ReceiveIn receiveIn) => receiveIn switch
    {
        ReceiveIn.DollarWallet => WalletCurrency.USD,
        ReceiveIn.BtcWallet => WalletCurrency.BTC,
        _ => null,
    };

    public static ReceiveIn FromCurrency(WalletCurrency? currency) => currency switch
    {
        WalletCurrency.USD => ReceiveIn.DollarWallet,
        WalletCurrency.BTC => ReceiveIn.BtcWallet,
        _ => ReceiveIn.AccountDefault,
    };
}
