using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>LightMoney behaviour the plugin relies on, as upstream defines it.</summary>
public class LightMoneyTests
{
    [Theory]
    [InlineData(1L, "0.00000000001")]
    [InlineData(100_000_000_000L, "1.00000000000")]
    [InlineData(-150_000L, "-0.00000150000")]
    [InlineData(0L, "0.00000000000")]
    public void ToString_is_BTC_with_eleven_decimals(long msat, string expected) =>
        Assert.Equal(expected, LightMoney.MilliSatoshis(msat).ToString());

    [Theory]
    [InlineData(100_000_000_000L, false, "1.00")]
    [InlineData(123_000L, false, "0.00000123")]
    [InlineData(1L, true, "+0.00000000001")]
    [InlineData(-1L, true, "-0.00000000001")]
    public void ToString_can_trim_and_sign(long msat, bool plus, string expected) =>
        Assert.Equal(expected, LightMoney.MilliSatoshis(msat).ToString(plus));

    [Fact]
    public void Units_convert_to_millisatoshis()
    {
        Assert.Equal(200_000L, LightMoney.Satoshis(200L).MilliSatoshi);
        Assert.Equal(200m, LightMoney.MilliSatoshis(200_000).ToDecimal(LightMoneyUnit.Satoshi));
        Assert.Equal(0.000002m, LightMoney.MilliSatoshis(200_000).ToUnit(LightMoneyUnit.BTC));
        Assert.Equal(LightMoney.FromUnit(2500m, LightMoneyUnit.Micro), LightMoney.FromUnit(0.0025m, LightMoneyUnit.BTC));
        Assert.Equal(LightMoney.FromUnit(20m, LightMoneyUnit.MilliBTC), LightMoney.Satoshis(2_000_000L));
        Assert.Equal(100L, LightMoney.FromUnit(1m, LightMoneyUnit.Nano).MilliSatoshi);
    }

    [Fact]
    public void Whole_supply_fits_and_every_unit_agrees()
    {
        const decimal supply = 21_000_000m;
        var coins = LightMoney.Coins(supply);
        Assert.Equal(coins, LightMoney.Satoshis(supply * 100_000_000m));
        Assert.Equal(coins, LightMoney.Bits(supply * 1_000_000m));
        Assert.Equal(coins, LightMoney.MilliSatoshis(2_100_000_000_000_000_000L));
    }

    [Fact]
    public void Fractions_of_a_millisatoshi_are_truncated_toward_zero()
    {
        Assert.Equal(1L, LightMoney.Satoshis(0.0019m).MilliSatoshi);
        Assert.Equal(-1L, LightMoney.Satoshis(-0.0019m).MilliSatoshi);
    }

    [Fact]
    public void Arithmetic_is_checked()
    {
        Assert.Equal(LightMoney.MilliSatoshis(400_000), LightMoney.MilliSatoshis(200_000) * 2);
        Assert.Equal(LightMoney.MilliSatoshis(400_000), 2L * LightMoney.MilliSatoshis(200_000));
        Assert.Equal(LightMoney.MilliSatoshis(50), LightMoney.MilliSatoshis(101) / 2);
        Assert.Equal(LightMoney.MilliSatoshis(-5), LightMoney.MilliSatoshis(5) - LightMoney.MilliSatoshis(10));
        Assert.Throws<OverflowException>(() => LightMoney.MilliSatoshis(long.MaxValue) + LightMoney.MilliSatoshis(1));
        Assert.Throws<OverflowException>(() => LightMoney.MilliSatoshis(long.MaxValue) * 2);
        Assert.Throws<OverflowException>(() => new LightMoney(long.MinValue));
        Assert.Throws<OverflowException>(() => new LightMoney(ulong.MaxValue));
        Assert.Throws<OverflowException>(() => LightMoney.Coins(decimal.MaxValue));
    }

    [Fact]
    public void Split_keeps_every_millisatoshi()
    {
        var parts = LightMoney.MilliSatoshis(12_329_183).Split(3).ToArray();
        Assert.Equal([4_109_728L, 4_109_728L, 4_109_727L], parts.Select(p => p.MilliSatoshi));
        Assert.Throws<ArgumentOutOfRangeException>(() => LightMoney.Zero.Split(0));
    }

    [Fact]
    public void Comparison_and_equality_use_the_amount()
    {
        var small = LightMoney.Satoshis(1L);
        var large = LightMoney.Satoshis(2L);
        Assert.True(small < large && large > small && small <= LightMoney.MilliSatoshis(1000) && large >= small);
        Assert.True(small == LightMoney.MilliSatoshis(1000));
        Assert.True(small != large);
        Assert.False(small == null);
        Assert.Equal(0, small.CompareTo(LightMoney.MilliSatoshis(1000)));
        Assert.Equal(1, small.CompareTo((object?)null));
        Assert.Equal(LightMoney.MilliSatoshis(1000).GetHashCode(), small.GetHashCode());
        Assert.Equal(large, LightMoney.Max(small, large));
        Assert.Equal(small, LightMoney.Min(small, large));
        Assert.Equal(small, (-small).Abs());
        Assert.True(small.Almost(LightMoney.MilliSatoshis(1010), LightMoney.MilliSatoshis(10)));
        Assert.False(small.Almost(LightMoney.MilliSatoshis(1011), 0.01m));
    }

    [Theory]
    [InlineData("1", 100_000_000_000L)]
    [InlineData(" 0.00000001 ", 1_000L)]
    [InlineData("-0.5", -50_000_000_000L)]
    [InlineData("0.000000000019", 1L)]
    public void Parse_reads_BTC_in_the_invariant_culture(string text, long msat) =>
        Assert.Equal(msat, LightMoney.Parse(text).MilliSatoshi);

    [Theory]
    [InlineData("")]
    [InlineData("1,5")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999999")]
    public void TryParse_rejects_what_is_not_a_BTC_amount(string text)
    {
        Assert.False(LightMoney.TryParse(text, out var parsed));
        Assert.Null(parsed);
        Assert.Throws<FormatException>(() => LightMoney.Parse(text));
    }

    [Fact]
    public void Implicit_conversions_follow_upstream()
    {
        LightMoney fromLong = 5L;
        LightMoney fromString = "0.00000002";
        LightMoney? fromEmpty = "";
        long back = LightMoney.Satoshis(3L);
        Assert.Equal(5L, fromLong.MilliSatoshi);
        Assert.Equal(2_000L, fromString.MilliSatoshi);
        Assert.Null(fromEmpty);
        Assert.Equal(3_000L, back);
        Assert.Throws<OverflowException>(() => (ulong)LightMoney.MilliSatoshis(-1));
    }

    [Fact]
    public void Undefined_units_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new LightMoney(1m, (LightMoneyUnit)7));
}
