namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>Flash's <c>WalletCurrency</c>: BTC wallets count satoshis, USD and USDT wallets count US cents.</summary>
public enum WalletCurrency
{
    BTC,
    USD,
    USDT,
}
