namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>One of the account's API tokens as Flash lists it: never its secret.</summary>
public sealed record ApiTokenInfo(
    string Id,
    string Name,
    FlashApiTokenKind Kind,
    string? KeyId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string Status,
    long? RequestCount)
{
    public bool IsActive => string.Equals(Status, "ACTIVE", StringComparison.Ordinal);
}
