using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

public class LightningConnectionStringHelperTests
{
    [Fact]
    public void Keys_are_lower_cased_and_parts_trimmed()
    {
        var values = LightningConnectionStringHelper.ExtractValues(" type=flash ; Server = https://api.flashapp.me/graphql ;;", out var type);

        Assert.Equal("flash", type);
        Assert.Equal("https://api.flashapp.me/graphql", values["server"]);
        Assert.Equal(2, values.Count);
    }

    [Fact]
    public void Only_the_first_equals_sign_separates_key_and_value()
    {
        var values = LightningConnectionStringHelper.ExtractValues("type=flash;api-token-protected=abc==", out _);
        Assert.Equal("abc==", values["api-token-protected"]);
    }

    [Theory]
    [InlineData("type=flash;server")]
    [InlineData("type=flash;type=lnd")]
    [InlineData("server=https://x")]
    [InlineData("")]
    public void Malformed_strings_are_format_errors(string connectionString) =>
        Assert.Throws<FormatException>(() => LightningConnectionStringHelper.ExtractValues(connectionString, out _));

    [Theory]
    [InlineData("https://api.flashapp.me/graphql", false, true)]
    [InlineData("http://api.flashapp.me/graphql", false, false)]
    [InlineData("http://api.flashapp.me/graphql", true, true)]
    [InlineData("http://abcdefghijklmnop.onion/graphql", false, true)]
    public void Secure_endpoints_are_https_onion_or_explicitly_allowed(string uri, bool allowInsecure, bool expected) =>
        Assert.Equal(expected, LightningConnectionStringHelper.VerifySecureEndpoint(new Uri(uri), allowInsecure));
}
