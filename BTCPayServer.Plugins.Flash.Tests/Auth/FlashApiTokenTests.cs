using System.Buffers.Text;
using System.Security.Cryptography;
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
            Assert.Equal(FlashApiTokenKind.ApiToken, token!.Kind);
        }
        var (key, keyId, _) = ApiKeyFormat.Generate();
        var apiKey = FlashApiToken.Parse(key);
        Assert.Equal(FlashApiTokenKind.ApiKey, apiKey.Kind);
        Assert.Equal(keyId, apiKey.KeyId);
    }

    [Fact]
    public void The_header_follows_the_prefix()
    {
        var token = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var key = FlashApiToken.Parse(ApiKeyFormat.Generate().Key);

        Assert.Equal("Authorization", token.ToAuthHeader().Name);
        Assert.Equal("Bearer " + token.Value, token.ToAuthHeader().Value);
        Assert.Equal("X-API-KEY", key.ToAuthHeader().Name);
        Assert.Equal(key.Value, key.ToAuthHeader().Value);
    }

    private const string TooShort = "The flash_ token is too short: it may have been cut off when copied; copy the whole token again";
    private const string TooLong = "The flash_ token is too long: other text may have been copied with it; copy only the token";
    private const string WrongLength =
        "The flash_ token has the wrong length (43 or 49 characters follow flash_): part of it may have been lost when copied; copy the whole token again";
    private const string BadCharacters =
        "The flash_ token contains characters a Flash token never has (only letters, digits, '-' and '_'): copy the whole token again";
    private const string Padding = "The flash_ token ends in '=' padding, which a Flash token never has: remove the '=' or copy the whole token again";
    private const string WhiteSpace = "The flash_ token contains a space or line break: copy it again as one unbroken line";
    private const string NotThirtyTwoBytes =
        "The flash_ token was mistyped or altered: its characters do not make up the 32 random bytes of a Flash token; copy the whole token again";
    private const string BadChecksum = "The flash_ token's checksum does not match: it was mistyped or altered; copy the whole token again";
    private const string NotAToken = "This is not a Flash API token: it must start with flash_ or fk_ (a session token is not an API token)";
    private const string BadApiKey = "The API key does not have Flash's format (fk_ followed by an 8-character key id and a 64-character secret)";

    private static readonly string Random43 = new('A', 43);

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "No API token was given" },
        { "   ", "No API token was given" },
        { "ory_st_abcdefghijklmnopqrstuvwxyz012345", NotAToken },
        { "Bearer flash_x", NotAToken },
        { "FLASH_" + Random43, NotAToken },
        { "flash_", TooShort },
        { "flash_" + Random43[..42], TooShort },
        { "flash_" + Random43 + "0", WrongLength },
        { "flash_" + Random43 + "00000", WrongLength },
        { "flash_" + Random43 + "0000000", TooLong },
        { "flash_" + Random43 + "flash_" + Random43, TooLong },
        { "flash_" + Random43[..42] + "!", BadCharacters },
        { "flash_" + Random43[..41] + "+/", BadCharacters },
        { "flash_" + Random43[..20] + "=" + Random43[..22], BadCharacters },
        { "flash_" + Random43[..42] + "é", BadCharacters },
        { "flash_" + Random43 + "=", Padding },
        { "flash_" + Random43[..42] + "==", Padding },
        { "flash_" + Random43[..20] + " " + Random43[..23], WhiteSpace },
        { "flash_" + Random43[..20] + "\n" + Random43[..23], WhiteSpace },
        { "flash_" + Random43 + "\t" + FlashApiToken.Checksum(Random43), WhiteSpace },
        { "flash_" + Random43[..42] + "B", NotThirtyTwoBytes },
        { "flash_" + Random43[..42] + "_", NotThirtyTwoBytes },
        { "flash_" + Random43[..42] + "B" + FlashApiToken.Checksum(Random43[..42] + "B"), NotThirtyTwoBytes },
        { "flash_" + Random43 + "000000", BadChecksum },
        { "fk_0123abcd_short", BadApiKey },
        { "fk_0123ABCD_" + new string('a', 64), BadApiKey },
        { "fk_0123abcd_" + new string('a', 63) + "=", BadApiKey },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_tokens_with_a_reason_that_does_not_quote_them(string text, string reason)
    {
        Assert.False(FlashApiToken.TryParse(text, out var token, out var error));
        Assert.Null(token);
        Assert.Equal(reason, error);
        if (text.Trim().Length > 6)
            Assert.DoesNotContain(text.Trim()[6..], error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => FlashApiToken.Parse(text));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void Accepts_tokens_built_the_way_the_api_token_service_s_branch_builds_them()
    {
        // lnflash/flash feat/api-token-authentication (52e10e04): "flash_" + randomBytes(32).toString("base64url").
        for (var i = 0; i < 200; i++)
        {
            var built = "flash_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

            Assert.True(FlashApiToken.TryParse(built, out var token, out var error), error);
            Assert.Equal(FlashApiTokenKind.ApiToken, token!.Kind);
            Assert.Equal(built, token.Value);
            Assert.Equal("Bearer " + built, token.ToAuthHeader().Value);
        }
    }

    [Fact]
    public void The_last_of_43_characters_is_accepted_exactly_when_32_bytes_can_end_with_it()
    {
        // Every value of the last byte, encoded: the characters a real 32-byte encoding can end with.
        var endings = Enumerable.Range(0, 256).Select(b => Base64Url.EncodeToString([.. new byte[31], (byte)b])[^1]).ToHashSet();
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        foreach (var last in alphabet)
        {
            var random = Random43[..42] + last;
            Assert.Equal(endings.Contains(last), FlashApiToken.TryParse("flash_" + random, out _, out _));
            Assert.Equal(endings.Contains(last), FlashApiToken.TryParse("flash_" + random + FlashApiToken.Checksum(random), out _, out _));
        }
        Assert.Equal(16, endings.Count);
    }

    [Fact]
    public void A_single_mistyped_character_is_caught_offline_where_the_token_has_a_checksum()
    {
        var minted = FlashTokenFormat.Generate();
        var typo = minted[..20] + (minted[20] == 'x' ? 'y' : 'x') + minted[21..];

        Assert.False(FlashApiToken.TryParse(typo, out _, out var error));
        Assert.Equal(BadChecksum, error);
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var token = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var key = FlashApiToken.Parse(ApiKeyFormat.Generate().Key);

        Assert.DoesNotContain(token.Value[6..20], token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key.Value[12..30], key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Value, $"{token.ToAuthHeader()}", StringComparison.Ordinal);
        Assert.Contains(key.KeyId!, key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Surrounding_whitespace_from_a_paste_is_forgiven()
    {
        var minted = FlashTokenFormat.Generate();
        var built = "flash_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(minted, FlashApiToken.Parse("  " + minted + "\n").Value);
        Assert.Equal(built, FlashApiToken.Parse("\t" + built + "\r\n").Value);
    }
}
