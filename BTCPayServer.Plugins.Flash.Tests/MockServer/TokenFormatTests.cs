using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

public class TokenFormatTests
{
    [Fact]
    public void Flash_tokens_are_prefix_256_random_bits_and_a_base62_crc32()
    {
        var token = FlashTokenFormat.Generate();

        Assert.StartsWith("flash_", token, StringComparison.Ordinal);
        Assert.Equal(6 + 43 + 6, token.Length);
        Assert.True(FlashTokenFormat.IsWellFormed(token));
        Assert.Equal(FlashTokenFormat.Checksum(token[6..49]), token[49..]);
        Assert.NotEqual(token, FlashTokenFormat.Generate());
    }

    [Fact]
    public void In_the_seed_branch_shape_tokens_are_prefix_and_256_random_bits_and_the_part_after_the_prefix_is_hashed()
    {
        var token = FlashTokenFormat.Generate(SeedTokenShape.SeedBranch);

        Assert.Matches("^flash_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token.AsSpan(6)).Length);
        Assert.Equal(SeedTokenShape.SeedBranch, FlashTokenFormat.ShapeOf(token));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token[6..])), FlashTokenFormat.SecretHash(token, SeedTokenShape.SeedBranch));
        Assert.NotEqual(token, FlashTokenFormat.Generate(SeedTokenShape.SeedBranch));
    }

    [Fact]
    public void Both_shapes_are_recognised_and_a_checksummed_token_hashes_whole()
    {
        var checksummed = FlashTokenFormat.Generate();
        var built = "flash_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(SeedTokenShape.Checksummed, FlashTokenFormat.ShapeOf(checksummed));
        Assert.Equal(SeedTokenShape.SeedBranch, FlashTokenFormat.ShapeOf(built));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(checksummed)), FlashTokenFormat.SecretHash(checksummed, SeedTokenShape.Checksummed));
    }

    [Theory]
    [InlineData("flash_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData("flash_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("flash_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("flash_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void Text_that_is_not_32_bytes_in_base64url_is_not_a_seed_branch_token(string text) => Assert.Null(FlashTokenFormat.ShapeOf(text));

    [Fact]
    public void Checksum_is_crc32_in_base62()
    {
        // CRC-32 of "123456789" is 0xCBF43926 (the standard check value) = 3421780262 = base62 "3jZRME".
        Assert.Equal("3jZRME", FlashTokenFormat.Checksum("123456789"));
    }

    [Fact]
    public void A_mistyped_character_breaks_the_checksum()
    {
        var token = FlashTokenFormat.Generate();
        var typo = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        Assert.False(FlashTokenFormat.IsWellFormed(typo));
    }

    [Theory]
    [InlineData("")]
    [InlineData("flash_")]
    [InlineData("flash_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!000000")]
    [InlineData("Bearer flash_abc")]
    [InlineData("fk_0123abcd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Garbage_is_not_a_flash_token(string text) => Assert.False(FlashTokenFormat.IsWellFormed(text));

    [Fact]
    public void Api_keys_have_the_FIP07_format()
    {
        var (key, keyId, secret) = ApiKeyFormat.Generate();

        Assert.Matches("^fk_[0-9a-f]{8}_[A-Za-z0-9_-]{64}$", key);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsedId, out var parsedSecret));
        Assert.Equal(keyId, parsedId);
        Assert.Equal(secret, parsedSecret);
    }

    [Theory]
    [InlineData("fk_0123ABCD_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("fk_0123abcd_aaaa")]
    [InlineData("fk_0123abcd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=")]
    [InlineData(" fk_0123abcd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Malformed_keys_do_not_parse(string key) => Assert.False(ApiKeyFormat.TryParse(key, out _, out _));
}
