using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>Amount conversions: invoices never ask for less than BTCPay did, balances are never overstated.</summary>
public sealed class FlashAmountsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(999, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(1_500_001, 1501)]
    public void Satoshis_cover_the_millisatoshi_asked_for(long msat, long satoshis) =>
        Assert.Equal(satoshis, FlashAmounts.SatoshisCovering(msat));

    [Theory]
    [InlineData(1000, 1L)]
    [InlineData(2000, 2L)]
    [InlineData(99_999_999_000, 99_999_999L)]
    [InlineData(1500, null)]
    [InlineData(1001, null)]
    [InlineData(999, null)]
    public void Exact_satoshis_are_whole_satoshis_or_none(long msat, long? satoshis) =>
        Assert.Equal(satoshis, FlashAmounts.ExactSatoshis(msat));

    [Fact]
    public void Flash_s_fixed_point_price_is_read_exactly()
    {
        Assert.Equal(0.1m, FlashAmounts.CentsPerSatoshi(new PriceOfOneSatInMinorUnit { Base = 100_000_000_000, Offset = 12 }));
        Assert.Equal(0.063917370000m, FlashAmounts.CentsPerSatoshi(new PriceOfOneSatInMinorUnit { Base = 63_917_370_000, Offset = 12 }));
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(-5, 12)]
    [InlineData(5, -1)]
    [InlineData(5, 29)]
    public void A_price_that_is_not_a_positive_number_is_no_price(long priceBase, int offset) =>
        Assert.Null(FlashAmounts.CentsPerSatoshi(new PriceOfOneSatInMinorUnit { Base = priceBase, Offset = offset }));

    [Fact]
    public void No_price_is_no_price() => Assert.Null(FlashAmounts.CentsPerSatoshi(null));

    /// <summary>Flash prices cents back to whole satoshis, rounding to the nearest: the cents asked for must land on or above.</summary>
    [Theory]
    [InlineData(100_000)]
    [InlineData(63_917.37)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void Cents_asked_for_come_back_as_at_least_the_satoshis_wanted(decimal btcUsd)
    {
        var centsPerSatoshi = btcUsd * 100m / 100_000_000m;
        foreach (var satoshis in new long[] { 1, 2, 7, 99, 1234, 99_999, 12_345_678 })
        {
            var cents = FlashAmounts.CentsCovering(satoshis, centsPerSatoshi);
            var returned = (long)Math.Round(cents / centsPerSatoshi, MidpointRounding.AwayFromZero);
            Assert.InRange(returned * 1000, satoshis * 1000, FlashAmounts.MaxUsdInvoiceMsat(satoshis * 1000));
            Assert.Equal(cents, Math.Round(cents, 2));
        }
    }

    /// <summary>The exact cents for LNURL-pay land on the satoshis wanted, even where a hundredth of a cent is most of one.</summary>
    [Theory]
    [InlineData(100_000)]
    [InlineData(63_917.37)]
    [InlineData(12_345)]
    [InlineData(11_000)]
    [InlineData(1_000)]
    [InlineData(1_000_000)]
    public void Exact_cents_come_back_as_exactly_the_satoshis_wanted(decimal btcUsd)
    {
        var centsPerSatoshi = btcUsd * 100m / 100_000_000m;
        foreach (var satoshis in new long[] { 1, 2, 7, 99, 1234, 99_999, 12_345_678, 2_100_000_000_000_000 })
        {
            var cents = FlashAmounts.CentsWorth(satoshis, centsPerSatoshi);
            Assert.Equal(satoshis, (long)Math.Round(cents / centsPerSatoshi, MidpointRounding.AwayFromZero));
        }
    }

    [Fact]
    public void Balances_round_down()
    {
        Assert.Equal(12_345_000, FlashAmounts.FromCents(1234.5m, 0.1m).MilliSatoshi);
        Assert.Equal(3, FlashAmounts.FromCents(0.0001m, 0.03m).MilliSatoshi);
        Assert.Equal(2_100_999, FlashAmounts.FromSatoshis(2100.9999m).MilliSatoshi);
    }

    [Fact]
    public void The_USD_tolerance_is_a_percent_and_a_satoshi()
    {
        Assert.Equal(1_011_000, FlashAmounts.MaxUsdInvoiceMsat(1_000_000));
        Assert.Equal(2_010, FlashAmounts.MaxUsdInvoiceMsat(1_000));
    }
}
