using System.Buffers.Text;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// A Flash API credential, checked offline before it is stored or sent: <c>flash_</c> + 43 base64url characters
/// (256 random bits) + a 6-character base62 CRC32 of them, or FIP-07's <c>fk_{8 hex}_{64 base64url}</c>.
/// The value never appears in <see cref="ToString"/>, in exceptions or in logs.
/// </summary>
public sealed partial class FlashApiToken
{
    public const string SeedPrefix = "flash_";
    public const string ApiKeyPrefix = "fk_";

    private const int SeedRandomLength = 43;
    private const int SeedChecksumLength = 6;
    private const string Base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FlashApiToken(string value, FlashApiTokenKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public FlashApiTokenKind Kind { get; }

    /// <summary>The secret itself; only the header builder and the protector read it.</summary>
    internal string Value { get; }

    /// <summary>The FIP-07 keyId (public by design), or null for seed tokens.</summary>
    public string? KeyId => Kind == FlashApiTokenKind.ApiKey ? Value[3..11] : null;

    /// <summary>The header the prefix calls for: Bearer for <c>flash_</c>, X-API-KEY for <c>fk_</c>.</summary>
    public AuthHeader ToAuthHeader() => Kind == FlashApiTokenKind.SeedToken ? AuthHeader.Bearer(Value) : AuthHeader.ApiKey(Value);

    public static FlashApiToken Parse(string? text) =>
        TryParse(text, out var token, out var error) ? token! : throw new FormatException(error);

    /// <summary>Validates shape (and the checksum of <c>flash_</c> tokens); the error never quotes the input.</summary>
    public static bool TryParse(string? text, out FlashApiToken? token, out string? error)
    {
        token = null;
        var value = text?.Trim() ?? "";
        if (value.StartsWith(SeedPrefix, StringComparison.Ordinal))
        {
            error = CheckSeedToken(value);
            if (error is null)
                token = new FlashApiToken(value, FlashApiTokenKind.SeedToken);
            return error is null;
        }
        if (value.StartsWith(ApiKeyPrefix, StringComparison.Ordinal))
        {
            error = ApiKeyPattern().IsMatch(value) ? null : "The API key does not have Flash's format (fk_ followed by an 8-character key id and a 64-character secret)";
            if (error is null)
                token = new FlashApiToken(value, FlashApiTokenKind.ApiKey);
            return error is null;
        }
        error = value.Length == 0
            ? "No API token was given"
            : "This is not a Flash API token: it must start with flash_ or fk_ (a session token is not an API token)";
        return false;
    }

    public override string ToString() => Kind == FlashApiTokenKind.SeedToken ? "flash_… (redacted)" : $"fk_{KeyId}_… (redacted)";

    private static string? CheckSeedToken(string value)
    {
        if (value.Length != SeedPrefix.Length + SeedRandomLength + SeedChecksumLength)
            return "The flash_ token has the wrong length: it may have been cut off when copied";
        var random = value.AsSpan(SeedPrefix.Length, SeedRandomLength);
        if (!Base64Url.IsValid(random))
            return "The flash_ token contains characters a Flash token never has";
        var expected = Checksum(random);
        return value.AsSpan(SeedPrefix.Length + SeedRandomLength).SequenceEqual(expected)
            ? null
            : "The flash_ token's checksum does not match: it was mistyped or altered";
    }

    /// <summary>CRC32 of the random part (as ASCII), as 6 base62 digits, most significant first.</summary>
    internal static string Checksum(ReadOnlySpan<char> randomPart)
    {
        Span<byte> ascii = stackalloc byte[randomPart.Length];
        Encoding.ASCII.GetBytes(randomPart, ascii);
        var value = Crc32.HashToUInt32(ascii);
        return string.Create(SeedChecksumLength, value, static (digits, remaining) =>
        {
            for (var i = digits.Length - 1; i >= 0; i--)
            {
                digits[i] = Base62Digits[(int)(remaining % 62)];
                remaining /= 62;
            }
        });
    }

    [GeneratedRegex("^fk_[0-9a-f]{8}_[A-Za-z0-9_-]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyPattern();
}
