using BTCPayServer.Plugins.Flash.Auth;
using Flash.MockServer.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

public class FlashApiTokenTests
{
    [Fact]
    public void Accepts_tokens_minted_by_an_independent_implementation_of_the_format()
    {
        for (var i = 0; i < 50; i++)
        {
            var minted = FlashTokenFormat.Generate();
            Assert.True(FlashApiToken.TryParse(minted, out var token, out var error), error);
            Assert.Equal(FlashApiTokenKind.SeedToken, token!.Kind);
        }
        var (key, keyId, _) = ApiKeyFormat.Generate();
        var apiKey = FlashApiToken.Parse(key);
        Assert.Equal(FlashApiTokenKind.ApiKey, apiKey.Kind);
        Assert.Equal(keyId, apiKey.KeyId);
    }

    [Fact]
    public void The_header_follows_the_prefix()
    {
        var seed = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var key = FlashApiToken.Parse(ApiKeyFormat.Generate().Key);

        Assert.Equal("Authorization", seed.ToAuthHeader().Name);
        Assert.Equal("Bearer " + seed.Value, seed.ToAuthHeader().Value);
        Assert.Equal("X-API-KEY", key.ToAuthHeader().Name);
        Assert.Equal(key.Value, key.ToAuthHeader().Value);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "No API token" },
        { "   ", "No API token" },
        { "ory_st_abcdefghijklmnopqrstuvwxyz012345", "not a Flash API token" },
        { "Bearer flash_x", "not a Flash API token" },
        { "flash_", "wrong length" },
        { "flash_" + new string('A', 43) + "00000", "wrong length" },
        { "flash_" + new string('A', 42) + "!" + "000000", "characters" },
        { "flash_" + new string('A', 43) + "000000", "checksum" },
        { "fk_0123abcd_short", "format" },
        { "fk_0123ABCD_" + new string('a', 64), "format" },
        { "fk_0123abcd_" + new string('a', 63) + "=", "format" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_tokens_with_a_reason_that_does_not_quote_them(string text, string reason)
    {
        Assert.False(FlashApiToken.TryParse(text, out var token, out var error));
        Assert.Null(token);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (text.Trim().Length > 6)
            Assert.DoesNotContain(text.Trim(), error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => FlashApiToken.Parse(text));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void A_single_mistyped_character_is_caught_offline()
    {
        var minted = FlashTokenFormat.Generate();
        var typo = minted[..20] + (minted[20] == 'x' ? 'y' : 'x') + minted[21..];

        Assert.False(FlashApiToken.TryParse(typo, out _, out var error));
        Assert.Contains("checksum", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var seed = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var key = FlashApiToken.Parse(ApiKeyFormat.Generate().Key);

        Assert.DoesNotContain(seed.Value[6..20], seed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Value[12..30], key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(seed.Value, $"{seed.ToAuthHeader()}", StringComparison.Ordinal);
        Assert.Contains(key.KeyId!, key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Surrounding_whitespace_from_a_paste_is_forgiven()
    {
        var minted = FlashTokenFormat.Generate();
        Assert.Equal(minted, FlashApiToken.Parse("  " + minted + "\n").Value);
    }
}
