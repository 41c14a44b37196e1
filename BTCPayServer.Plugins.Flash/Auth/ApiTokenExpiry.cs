namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>When to warn that a token is about to stop working: 14 days ahead.</summary>
public static class ApiTokenExpiry
{
    public static readonly TimeSpan WarningWindow = TimeSpan.FromDays(14);

    public static bool IsExpiringSoon(DateTimeOffset? expiresAt, DateTimeOffset now) =>
        expiresAt is { } expiry && expiry - now <= WarningWindow;

    /// <summary>A sentence for the settings page, or null while nothing needs saying.</summary>
    public static string? Warning(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt switch
    {
        { } expiry when expiry <= now => "The Flash API token has expired: reconnect Flash to keep receiving payments.",
        { } expiry when IsExpiringSoon(expiry, now) =>
            $"The Flash API token expires in {Math.Max(1, (int)Math.Ceiling((expiry - now).TotalDays))} day(s), on {expiry:yyyy-MM-dd}: rotate it or reconnect Flash before then.",
        _ => null,
    };
}
