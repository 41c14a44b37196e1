using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>Which wallet a connection uses: by id, by currency, or the account's default.</summary>
public sealed class FlashWalletSelectionTests
{
    private static readonly Account Account = new()
    {
        Id = "account",
        DefaultWalletId = "usd",
        Wallets =
        [
            new Wallet { Id = "btc", WalletCurrency = WalletCurrency.BTC },
            new Wallet { Id = "usd", WalletCurrency = WalletCurrency.USD },
            new Wallet { Id = "usdt", WalletCurrency = WalletCurrency.USDT },
        ],
    };

    [Theory]
    [InlineData(null, null, "usd")]
    [InlineData("usdt", null, "usdt")]
    [InlineData(null, WalletCurrency.BTC, "btc")]
    [InlineData("btc", WalletCurrency.BTC, "btc")]
    public void The_selected_wallet_is_chosen(string? walletId, WalletCurrency? currency, string chosen) =>
        Assert.Equal(chosen, new FlashWalletSelection(walletId, currency).Choose(Account, "flash.test").Id);

    [Fact]
    public void A_default_wallet_missing_from_the_list_is_an_error() =>
        Assert.Throws<FlashWalletNotFoundException>(() => FlashWalletSelection.AccountDefault.Choose(Account with { DefaultWalletId = "gone" }, "flash.test"));

    [Fact]
    public void Dollar_wallets_count_cents()
    {
        Assert.False(Account.Wallets[0].IsDollar);
        Assert.True(Account.Wallets[1].IsDollar);
        Assert.True(Account.Wallets[2].IsDollar);
    }
}
