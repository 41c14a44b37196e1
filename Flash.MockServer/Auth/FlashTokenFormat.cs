using System.Buffers.Text;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Flash.MockServer.Auth;

/// <summary>
/// Seed-design tokens: <c>flash_</c>, 256 random bits as base64url (43 characters), then a 6-character base62
/// CRC32 of the random part. The checksum lets anyone recognise a real token offline (secret scanners, typo
/// detection) without a lookup; it is no defence on its own, the stored SHA-256 is.
/// </summary>
internal static class FlashTokenFormat
{
    public const string Prefix = "flash_";
    private const int RandomBytes = 32;
    private const int RandomLength = 43;
    private const int ChecksumLength = 6;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static int Length => Prefix.Length + RandomLength + ChecksumLength;

    public static string Generate()
    {
        var random = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        return Prefix + random + Checksum(random);
    }

    /// <summary>True when the text has the token's shape and its checksum matches.</summary>
    public static bool IsWellFormed(string token)
    {
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var random = token.AsSpan(Prefix.Length, RandomLength);
        foreach (var c in random)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }
        return token.AsSpan(Prefix.Length + RandomLength).SequenceEqual(Checksum(random.ToString()));
    }

    internal static string Checksum(string randomPart)
    {
        var value = Crc32.HashToUInt32(Encoding.ASCII.GetBytes(randomPart));
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
        return new string(digits);
    }
}
