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
    public void A_new_token_asks_for_1000_requests_a_minute_unless_told_otherwise()
    {
        Assert.Equal(1_000, new ApiTokenRequest("BTCPay Server shop", null).RateLimitPerMinute);
        Assert.Equal(1, new ApiTokenRequest("BTCPay Server shop", null, rateLimitPerMinute: 1).RateLimitPerMinute);
        Assert.Equal(10_000, new ApiTokenRequest("BTCPay Server shop", null, rateLimitPerMinute: 10_000).RateLimitPerMinute);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    [InlineData(int.MaxValue)]
    public void A_rate_limit_Flash_would_refuse_is_refused_before_asking(int requestsPerMinute)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ApiTokenRequest("BTCPay Server shop", null, requestsPerMinute));

        Assert.Equal("rateLimitPerMinute", error.ParamName);
        Assert.StartsWith(
            "Enter a rate limit between 1 and 10,000 requests a minute, the range Flash accepts (1,000 suits a busy store).", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shop\u202Eevil")]
    [InlineData("\u202AShop name\u202C")]
    [InlineData("\u202BShop name\u202C")]
    [InlineData("Shop \u202Dname")]
    [InlineData("\u2066Shop\u2069 name")]
    [InlineData("\u2067Shop\u2069 name")]
    [InlineData("\u2068Shop\u2069 name")]
    [InlineData("Shop\u200Bname")]
    [InlineData("Shop\u200Cname")]
    [InlineData("Shop\u200Dname")]
    [InlineData("Shop\u200Ename")]
    [InlineData("Shop\u200Fname")]
    [InlineData("Shop\u2060name")]
    [InlineData("\uFEFFShop name")]
    [InlineData("Shop\u00ADname")]
    [InlineData("Shop\u2028name")]
    [InlineData("Shop\tname")]
    [InlineData("Shop name\n")]
    [InlineData("Shop\0name")]
    [InlineData("Shop\u007Fname")]
    [InlineData("Shop\u0085name")]
    [InlineData("Shop\u3164name")]
    [InlineData("Shop\uFE0Fname")]
    public void Names_with_invisible_characters_are_refused_in_plain_words(string name)
    {
        var error = Assert.Throws<InvalidTokenNameException>(() => new ApiTokenRequest(name, null));

        Assert.Equal(
            "The token name contains invisible characters (such as direction marks, zero-width spaces or line breaks): type it again using only letters, digits, spaces, '-' and '_'.",
            error.Message);
    }

    [Fact]
    public void A_name_with_broken_UTF16_is_refused_too()
    {
        Assert.Throws<InvalidTokenNameException>(() => new ApiTokenRequest("Shop" + '\uD800' + "name", null));
        Assert.Throws<InvalidTokenNameException>(() => new ApiTokenRequest("Shop name" + '\uDC00', null));
    }

    [Fact]
    public void Visible_characters_Flash_does_not_allow_still_become_spaces()
    {
        Assert.Equal("Caf Co", new ApiTokenRequest("Café & Co", null).Name);
        // A store's name only suggests the default, which the owner sees in the form: cleaned, not refused.
        Assert.Equal("BTCPay Server Shop evil", ApiTokenRequest.DefaultNameFor("Shop\u202Eevil"));
    }

    [Theory]
    [InlineData("BTCPay Server shop", "BTCPay Server shop")]
    [InlineData("Café ☕ 日本", "Café ☕ 日本")]
    [InlineData("emoji 👍 stays", "emoji 👍 stays")]
    [InlineData("shop\u202Eevil\u202C", "shop\uFFFDevil\uFFFD")]
    [InlineData("\u2067\u2069\u200B", "\uFFFD\uFFFD\uFFFD")]
    [InlineData("line\r\nbreak", "line\uFFFD\uFFFDbreak")]
    [InlineData("tag\U000E0041 char", "tag\uFFFD char")]
    [InlineData("selector\U000E0100", "selector\uFFFD")]
    public void Names_are_shown_with_each_invisible_character_replaced(string name, string shown) =>
        Assert.Equal(shown, ApiTokenNames.ForDisplay(name));

    [Fact]
    public void A_lone_surrogate_is_shown_as_one_replacement()
    {
        Assert.Equal("a\uFFFDb", ApiTokenNames.ForDisplay("a" + '\uD800' + "b"));
        Assert.Equal("a\uFFFD", ApiTokenNames.ForDisplay("a" + '\uDC00'));
    }

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
        var tooShort = Assert.Throws<InvalidTokenNameException>(() => new ApiTokenRequest("!!", null));
        Assert.Equal("A token name needs at least 3 letters or digits.", tooShort.Message);
        Assert.Equal("name", tooShort.ParamName);
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
