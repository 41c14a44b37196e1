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
        Assert.Equal(chosen, new FlashWalletSelection(walletId, currency).Choose(Account, "flash.test").Wallet.Id);

    [Theory]
    [InlineData("usdt", WalletCurrency.USD, "usdt")]
    [InlineData("usd", WalletCurrency.USDT, "usd")]
    [InlineData(null, WalletCurrency.USDT, "usd")]
    public void USD_and_USDT_are_both_dollar_wallets(string? walletId, WalletCurrency? currency, string chosen) =>
        Assert.Equal(chosen, new FlashWalletSelection(walletId, currency).Choose(Account, "flash.test").Wallet.Id);

    [Fact]
    public void Asking_for_dollars_after_the_cut_over_finds_the_USDT_wallet()
    {
        var cutOver = Account with { DefaultWalletId = "usdt", Wallets = [Account.Wallets[0], Account.Wallets[2]] };

        var choice = new FlashWalletSelection(Currency: WalletCurrency.USD).Choose(cutOver, "flash.test");

        Assert.Equal(("usdt", null), (choice.Wallet.Id, choice.Warning));
    }

    [Fact]
    public void A_saved_wallet_gone_after_the_cut_over_falls_back_to_the_dollar_wallet_with_a_warning()
    {
        var cutOver = Account with { DefaultWalletId = "usdt", Wallets = [Account.Wallets[0], Account.Wallets[2]] };

        var choice = new FlashWalletSelection("usd").Choose(cutOver, "flash.test");

        Assert.Equal("usdt", choice.Wallet.Id);
        Assert.Equal("The Flash wallet usd chosen for this store is no longer in the account (Flash moving USD wallets to USDT is one reason), so payments go to its USDT wallet usdt: reconnect Flash to choose it and end this warning.", choice.Warning);
    }

    [Fact]
    public void A_missing_wallet_without_a_dollar_wallet_to_fall_back_to_is_an_error() =>
        Assert.Throws<FlashWalletNotFoundException>(() => new FlashWalletSelection("gone").Choose(Account with { Wallets = [Account.Wallets[0]] }, "flash.test"));

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
