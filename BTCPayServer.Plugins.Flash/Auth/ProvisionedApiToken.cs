namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// A freshly created API token and what Flash said about it (<see cref="RateLimitPerMinute"/> null: Flash's default
/// applies). <see cref="Kind"/> is the dialect that issued it, which is also how it must be managed later.
/// <see cref="ToString"/> never shows the token.
/// </summary>
public sealed record ProvisionedApiToken(
    FlashApiToken Token,
    FlashApiTokenKind Kind,
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    int? RateLimitPerMinute = null)
{
    public override string ToString() => $"{Kind} token {Id} '{Name}' ({Token})";
}
