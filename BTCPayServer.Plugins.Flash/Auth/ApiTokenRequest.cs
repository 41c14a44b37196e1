using System.Text;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>What to call the new token and how long it lives (null: until revoked).</summary>
public sealed record ApiTokenRequest
{
    public const int MaxNameLength = 50;

    public ApiTokenRequest(string name, TimeSpan? lifetime)
    {
        if (lifetime is { } l && l < TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A token must live at least a minute");
        Name = SanitiseName(name);
        Lifetime = lifetime;
    }

    public string Name { get; }

    public TimeSpan? Lifetime { get; }

    public long? ExpiresInSeconds => Lifetime is { } l ? (long)Math.Ceiling(l.TotalSeconds) : null;

    /// <summary>The default name: "BTCPay Server" and the store's name, in the characters Flash allows.</summary>
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
        return collapsed.Length >= 3 ? collapsed : throw new ArgumentException("A token name needs at least 3 letters or digits", nameof(name));
    }
}
