using System.Buffers.Text;
using CsCheck;
using Flash.MockServer.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// Generated credentials of every shape the plugin handles, and the check that a text shows none of one. A text
/// leaks a secret when it holds any 16 consecutive characters of it, in any case: a lower-cased or partial token is
/// still most of a token.
/// </summary>
internal static class Secrets
{
    public const int PieceLength = 16;

    /// <summary>A bare <c>flash_</c> token, as Flash's API token service issues them: 32 random bytes as 43 base64url characters.</summary>
    public static readonly Gen<string> BareApiToken =
        Gen.Byte.Array[32].Select(bytes => FlashTokenFormat.Prefix + Base64Url.EncodeToString(bytes));

    /// <summary>The mock's <c>flash_</c> token: the same, followed by the mock's own base62 CRC32 of the random part.</summary>
    public static readonly Gen<string> ChecksummedApiToken =
        Gen.Byte.Array[32].Select(bytes => Base64Url.EncodeToString(bytes))
            .Select(random => FlashTokenFormat.Prefix + random + FlashTokenFormat.Checksum(random));

    /// <summary>An API key of Flash's API key service, <c>fk_{8 hex}_{64 base64url}</c>, with its key id.</summary>
    public static readonly Gen<(string Key, string KeyId)> ApiKeyWithId =
        Gen.Select(Gen.Byte.Array[4], Gen.Byte.Array[48], (id, secret) =>
        {
            var keyId = Convert.ToHexStringLower(id);
            return ($"{ApiKeyFormat.Prefix}{keyId}_{Base64Url.EncodeToString(secret)}", keyId);
        });

    public static readonly Gen<string> ApiKey = ApiKeyWithId.Select(key => key.Key);

    /// <summary>An Ory Kratos session token as Flash's login hands it out.</summary>
    public static readonly Gen<string> SessionToken = Gen.String[Gen.Char.AlphaNumeric, 32, 32].Select(random => "ory_st_" + random);

    public static readonly Gen<string> Any = Gen.OneOf(BareApiToken, ChecksummedApiToken, ApiKey, SessionToken);

    public static void AssertNotIn(string secret, string? text, string where)
    {
        if (text is null)
            return;
        for (var start = 0; start + PieceLength <= secret.Length; start++)
        {
            var piece = secret.AsSpan(start, PieceLength);
            if (text.AsSpan().Contains(piece, StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"{where} holds '{piece}', a piece of the generated secret: {text}");
        }
    }

    public static void AssertNotIn(string secret, Exception failure)
    {
        AssertNotIn(secret, failure.Message, $"The message of {failure.GetType().Name}");
        AssertNotIn(secret, failure.ToString(), $"The ToString() of {failure.GetType().Name}");
    }
}
