using System.Text;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>What to call the new token and how long it lives (null: until revoked).</summary>
public sealed record ApiTokenRequest
{
    public const int MaxNameLength = 50;

    /// <exception cref="InvalidTokenNameException">The name has invisible characters, or too few usable ones.</exception>
    public ApiTokenRequest(string name, TimeSpan? lifetime)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (lifetime is { } l && l < TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A token must live at least a minute");
        // Refused, not cleaned: a name that was typed with hidden characters is not the name the owner sees.
        if (ApiTokenNames.HasInvisibleCharacters(name))
            throw new InvalidTokenNameException(InvalidTokenNameException.InvisibleCharacters);
        Name = SanitiseName(name);
        Lifetime = lifetime;
    }

    public string Name { get; }

    public TimeSpan? Lifetime { get; }

    public long? ExpiresInSeconds => Lifetime is { } l ? (long)Math.Ceiling(l.TotalSeconds) : null;

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
