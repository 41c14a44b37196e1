using System.Text;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// What to call the new token, how long it lives (null: until revoked) and how many requests a minute Flash allows it.
/// </summary>
public sealed record ApiTokenRequest
{
    public const int MaxNameLength = 50;

    /// <summary>
    /// What the plugin asks for unless the owner chooses otherwise. Flash's own default (120 a minute) is two
    /// invoices a second at most, which a busy store's checkouts, LNURL-pay and Lightning Address spend at a sale.
    /// </summary>
    public const int DefaultRateLimitPerMinute = 1_000;

    /// <summary>The range Flash's <c>apiKeyCreate</c> (and the API token service's <c>apiTokenCreate</c>) accepts.</summary>
    public const int MinRateLimitPerMinute = 1;

    /// <inheritdoc cref="MinRateLimitPerMinute"/>
    public const int MaxRateLimitPerMinute = 10_000;

    public const string RateLimitOutOfRange =
        "Enter a rate limit between 1 and 10,000 requests a minute, the range Flash accepts (1,000 suits a busy store).";

    /// <exception cref="InvalidTokenNameException">The name has invisible characters, or too few usable ones.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate limit is outside what Flash accepts.</exception>
    public ApiTokenRequest(string name, TimeSpan? lifetime, int rateLimitPerMinute = DefaultRateLimitPerMinute)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (lifetime is { } l && l < TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A token must live at least a minute");
        if (!IsValidRateLimit(rateLimitPerMinute))
            throw new ArgumentOutOfRangeException(nameof(rateLimitPerMinute), rateLimitPerMinute, RateLimitOutOfRange);
        // Refused, not cleaned: a name that was typed with hidden characters is not the name the owner sees.
        if (ApiTokenNames.HasInvisibleCharacters(name))
            throw new InvalidTokenNameException(InvalidTokenNameException.InvisibleCharacters);
        Name = SanitiseName(name);
        Lifetime = lifetime;
        RateLimitPerMinute = rateLimitPerMinute;
    }

    public string Name { get; }

    public TimeSpan? Lifetime { get; }

    public long? ExpiresInSeconds => Lifetime is { } l ? (long)Math.Ceiling(l.TotalSeconds) : null;

    /// <summary>Requests a minute Flash allows the token, counted per token: every request that carries it.</summary>
    public int RateLimitPerMinute { get; }

    public static bool IsValidRateLimit(int requestsPerMinute) => requestsPerMinute is >= MinRateLimitPerMinute and <= MaxRateLimitPerMinute;

    /// <summary>
    /// The default name: "BTCPay Server" and the store's name, in the characters Flash allows (a store name's
    /// invisible characters become spaces like any other: the owner sees the result in the form before using it).
    /// </summary>
    public static string DefaultNameFor(string storeName) => SanitiseName("BTCPay Server " + storeName);

    /// <summary>Flash accepts 3 to 50 characters of letters, digits, spaces, '-' and '_': anything else becomes a space.</summary>
    private static string SanitiseName(string name)
    {
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
            cleaned.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' ' ? c : ' ');
        var collapsed = string.Join(' ', cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length > MaxNameLength)
            collapsed = collapsed[..MaxNameLength].TrimEnd();
        return collapsed.Length >= 3 ? collapsed : throw new InvalidTokenNameException(InvalidTokenNameException.TooShort);
    }
}
