using System.Text;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// A Flash API credential, checked offline before it is stored or sent. Two <c>flash_</c> shapes are accepted, both
/// 256 random bits as 43 base64url characters: bare, as Flash's API token service issues them (its unmerged branch
/// <c>feat/api-token-authentication</c>), or followed by a 6-character base62 CRC32 of those characters (the mock's
/// shape), whose checksum is then verified. Also the API key service's <c>fk_{8 hex}_{64 base64url}</c>. The value never appears in <see cref="ToString"/>, in exceptions or in logs.
/// </summary>
public sealed partial class FlashApiToken
{
    public const string ApiTokenPrefix = "flash_";
    public const string ApiKeyPrefix = "fk_";

    private const int RandomLength = 43;
    private const int ChecksumLength = 6;
    private const string Base64UrlDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string Base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FlashApiToken(string value, FlashApiTokenKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public FlashApiTokenKind Kind { get; }

    /// <summary>The secret itself; only the header builder and the protector read it.</summary>
    internal string Value { get; }

    /// <summary>The keyId of an <c>fk_</c> API key (public by design), or null for <c>flash_</c> tokens.</summary>
    public string? KeyId => ApiTokenDialects.For(Kind).KeyIdOf(Value);

    /// <summary>The header the prefix calls for: Bearer for <c>flash_</c>, X-API-KEY for <c>fk_</c>.</summary>
    public AuthHeader ToAuthHeader() => ApiTokenDialects.For(Kind).HeaderFor(Value);

    public static FlashApiToken Parse(string? text) =>
        TryParse(text, out var token, out var error) ? token! : throw new FormatException(error);

    /// <summary>Validates shape (and the checksum of <c>flash_</c> tokens that carry one); the error never quotes the input.</summary>
    public static bool TryParse(string? text, out FlashApiToken? token, out string? error)
    {
        token = null;
        var value = text?.Trim() ?? "";
        if (value.StartsWith(ApiTokenPrefix, StringComparison.Ordinal))
        {
            error = CheckApiToken(value.AsSpan(ApiTokenPrefix.Length));
            if (error is null)
                token = new FlashApiToken(value, FlashApiTokenKind.ApiToken);
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

    public override string ToString() => ApiTokenDialects.For(Kind).Redacted(Value);

    /// <summary>
    /// What follows <c>flash_</c>: 43 base64url characters, optionally followed by their 6-character checksum.
    /// Characters are judged before the length, so a paste that went wrong is named for what went wrong.
    /// </summary>
    private static string? CheckApiToken(ReadOnlySpan<char> body)
    {
        if (ContainsWhiteSpace(body))
            return "The flash_ token contains a space or line break: copy it again as one unbroken line";
        var unpadded = body.TrimEnd('=');
        if (!IsBase64UrlAlphabet(unpadded))
            return "The flash_ token contains characters a Flash token never has (only letters, digits, '-' and '_'): copy the whole token again";
        if (unpadded.Length != body.Length)
            return "The flash_ token ends in '=' padding, which a Flash token never has: remove the '=' or copy the whole token again";
        if (body.Length < RandomLength)
            return "The flash_ token is too short: it may have been cut off when copied; copy the whole token again";
        if (body.Length > RandomLength + ChecksumLength)
            return "The flash_ token is too long: other text may have been copied with it; copy only the token";
        if (body.Length != RandomLength && body.Length != RandomLength + ChecksumLength)
            return "The flash_ token has the wrong length (43 or 49 characters follow flash_): part of it may have been lost when copied; copy the whole token again";
        var random = body[..RandomLength];
        if (!EncodesExactlyTheRandomBytes(random))
            return "The flash_ token was mistyped or altered: its characters do not make up the 32 random bytes of a Flash token; copy the whole token again";
        if (body.Length == RandomLength)
            return null;
        return body[RandomLength..].SequenceEqual(Checksum(random))
            ? null
            : "The flash_ token's checksum does not match: it was mistyped or altered; copy the whole token again";
    }

    private static bool ContainsWhiteSpace(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
                return true;
        }
        return false;
    }

    private static bool IsBase64UrlAlphabet(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }
        return true;
    }

    /// <summary>
    /// 43 characters carry 258 bits, 2 more than 32 bytes: in an encoding of 32 bytes those last 2 bits of the last
    /// character are zero, so only 16 of the 64 characters can end the random part.
    /// </summary>
    private static bool EncodesExactlyTheRandomBytes(ReadOnlySpan<char> random) => Base64UrlDigits.IndexOf(random[^1], StringComparison.Ordinal) % 4 == 0;

    /// <summary>CRC32 of the random part (as ASCII), as 6 base62 digits, most significant first.</summary>
    internal static string Checksum(ReadOnlySpan<char> randomPart)
    {
        Span<byte> ascii = stackalloc byte[randomPart.Length];
        Encoding.ASCII.GetBytes(randomPart, ascii);
        var value = TokenCrc32.Compute(ascii);
        return string.Create(ChecksumLength, value, static (digits, remaining) =>
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
