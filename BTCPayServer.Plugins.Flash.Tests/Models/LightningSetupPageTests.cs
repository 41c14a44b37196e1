using BTCPayServer.Plugins.Flash.Models;

namespace BTCPayServer.Plugins.Flash.Tests.Models;

/// <summary>BTCPay's Lightning setup page model, read by property name as the plugin's extension reads it.</summary>
public sealed class LightningSetupPageTests
{
    [Theory]
    [InlineData("BTC", true)]
    [InlineData("btc", true)]
    [InlineData("LTC", false)]
    [InlineData("BTC-LN", false)]
    public void The_page_s_store_and_chain_are_read_from_a_model_shaped_like_BTCPay_s(string cryptoCode, bool isBitcoin)
    {
        var page = LightningSetupPage.Of(new LightningNodeViewModel { StoreId = "store1", CryptoCode = cryptoCode, ConnectionString = "type=lnd-rest;server=https://lnd" });

        Assert.Equal(new LightningSetupPage("store1", cryptoCode), page);
        Assert.Equal(isBitcoin, page!.IsBitcoin);
    }

    [Fact]
    public void Another_page_s_model_or_none_is_no_lightning_setup_page()
    {
        Assert.Null(LightningSetupPage.Of(null));
        Assert.Null(LightningSetupPage.Of(new { Store = "store1" }));
        Assert.Null(LightningSetupPage.Of(new LightningNodeViewModel { StoreId = "store1", CryptoCode = null }));
        Assert.Null(LightningSetupPage.Of(new LightningNodeViewModel { StoreId = "", CryptoCode = "BTC" }));
        Assert.Null(LightningSetupPage.Of(new { StoreId = 1, CryptoCode = "BTC" }));
    }

    /// <summary>The members of BTCPay's <c>BTCPayServer.Models.StoreViewModels.LightningNodeViewModel</c> the tests need.</summary>
    private sealed class LightningNodeViewModel
    {
        public string? StoreId { get; init; }

        public string? CryptoCode { get; init; }

        public string? ConnectionString { get; init; }
    }
}
