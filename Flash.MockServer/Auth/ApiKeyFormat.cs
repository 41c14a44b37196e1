using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Flash.MockServer.Auth;

/// <summary>
/// The API key service's keys: <c>fk_{keyId}_{secret}</c>; keyId is 8 hex characters (4 random bytes, public, indexed),
/// secret is 64 base64url characters (48 random bytes), stored only as SHA-256.
/// </summary>
internal static partial class ApiKeyFormat
{
    public const string Prefix = "fk_";

    public static (string Key, string KeyId, string Secret) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));
        return ($"{Prefix}{keyId}_{secret}", keyId, secret);
    }

    public static bool TryParse(string key, out string keyId, out string secret)
    {
        var match = KeyPattern().Match(key);
        keyId = match.Success ? match.Groups[1].Value : "";
        secret = match.Success ? match.Groups[2].Value : "";
        return match.Success;
    }

    [GeneratedRegex("^fk_([0-9a-f]{8})_([A-Za-z0-9_-]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
