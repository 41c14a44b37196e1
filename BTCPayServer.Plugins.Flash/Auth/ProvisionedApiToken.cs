namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// A freshly created API token and what Flash said about it (<see cref="RateLimitPerMinute"/> null: Flash's default
/// applies). <see cref="ToString"/> never shows the token.
/// </summary>
public sealed record ProvisionedApiToken(
    FlashApiToken Token,
    ProvisioningMethod Method,
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt,
    int? RateLimitPerMinute = null)
{
    public override string ToString() => $"{Method} token {Id} '{Name}' ({Token})";
}
