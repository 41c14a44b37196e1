using System.Buffers.Text;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Flash.MockServer.Hosting;

namespace Flash.MockServer.Auth;

/// <summary>
/// The API token service's tokens: <c>flash_</c> and 256 random bits as base64url (43 characters), in one of two shapes (see
/// <see cref="SeedTokenShape"/>): bare, as the service's unmerged branch issues them, or followed by a 6-character
/// base62 CRC32 of the random part. The checksum lets anyone recognise a real token offline (secret scanners, typo
/// detection) without a lookup; it is no defence on its own, the stored SHA-256 is.
/// </summary>
internal static class FlashTokenFormat
{
    public const string Prefix = "flash_";
    private const int RandomBytes = 32;
    private const int RandomLength = 43;
    private const int ChecksumLength = 6;
    private const string Base64UrlDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The length of a checksummed token.</summary>
    public static int Length => Prefix.Length + RandomLength + ChecksumLength;

    /// <summary>The length of a token as the API token service's unmerged branch issues it (no checksum).</summary>
    public static int SeedBranchLength => Prefix.Length + RandomLength;

    public static string Generate() => Generate(SeedTokenShape.Checksummed);

    public static string Generate(SeedTokenShape shape)
    {
        var random = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        return shape == SeedTokenShape.SeedBranch ? Prefix + random : Prefix + random + Checksum(random);
    }

    /// <summary>True when the text has one of the two shapes, and its checksum matches where it has one.</summary>
    public static bool IsWellFormed(string token) => ShapeOf(token) is not null;

    /// <summary>The shape of a well-formed token; null for anything else, including a checksum that does not match.</summary>
    public static SeedTokenShape? ShapeOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || (token.Length != Length && token.Length != SeedBranchLength))
            return null;
        var random = token.AsSpan(Prefix.Length, RandomLength);
        if (!IsRandomPart(random))
            return null;
        if (token.Length == SeedBranchLength)
            return SeedTokenShape.SeedBranch;
        return token.AsSpan(Prefix.Length + RandomLength).SequenceEqual(Checksum(random.ToString())) ? SeedTokenShape.Checksummed : null;
    }

    /// <summary>
    /// What the server stores of a token: SHA-256 of the part after the prefix in the branch's shape, as the branch
    /// does; of the whole token in the checksummed shape (what the mock has always stored, so saved tokens stay valid).
    /// </summary>
    public static byte[] SecretHash(string token, SeedTokenShape shape) =>
        SHA256.HashData(Encoding.ASCII.GetBytes(shape == SeedTokenShape.SeedBranch ? token[Prefix.Length..] : token));

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

    /// <summary>
    /// 43 base64url characters that encode 32 bytes: they carry 258 bits, and the 2 beyond the 256 (the low bits of
    /// the last character) are zero.
    /// </summary>
    private static bool IsRandomPart(ReadOnlySpan<char> random)
    {
        foreach (var c in random)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }
        return Base64UrlDigits.IndexOf(random[^1], StringComparison.Ordinal) % 4 == 0;
    }
}
