using BTCPayServer.Plugins.Flash.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

public class ApiTokenRequestTests
{
    [Theory]
    [InlineData("Coffee & Co.", "BTCPay Server Coffee Co")]
    [InlineData("Café Ünïcode", "BTCPay Server Caf n code")]
    [InlineData("my_shop-1", "BTCPay Server my_shop-1")]
    public void Default_names_use_only_characters_Flash_accepts(string store, string expected) =>
        Assert.Equal(expected, ApiTokenRequest.DefaultNameFor(store));

    [Fact]
    public void Long_names_are_cut_to_fifty_characters()
    {
        var name = ApiTokenRequest.DefaultNameFor(new string('x', 80));
        Assert.Equal(50, name.Length);
        Assert.Matches("^[a-zA-Z0-9_ -]{3,50}$", name);
    }

    [Fact]
    public void Names_without_usable_characters_and_tiny_lifetimes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ApiTokenRequest("!!", null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ApiTokenRequest("valid name", TimeSpan.FromSeconds(5)));
        Assert.Equal(31_536_000L, new ApiTokenRequest("valid name", TimeSpan.FromDays(365)).ExpiresInSeconds);
        Assert.Null(new ApiTokenRequest("valid name", null).ExpiresInSeconds);
    }

    [Fact]
    public void Expiry_warnings_start_fourteen_days_ahead()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        Assert.Null(ApiTokenExpiry.Warning(null, now));
        Assert.Null(ApiTokenExpiry.Warning(now.AddDays(15), now));
        Assert.Contains("expires in 14 day(s), on 2026-12-09", ApiTokenExpiry.Warning(now.AddDays(14), now), StringComparison.Ordinal);
        Assert.Contains("expires in 1 day(s)", ApiTokenExpiry.Warning(now.AddHours(3), now), StringComparison.Ordinal);
        Assert.Contains("has expired", ApiTokenExpiry.Warning(now.AddSeconds(-1), now), StringComparison.Ordinal);
    }
}
