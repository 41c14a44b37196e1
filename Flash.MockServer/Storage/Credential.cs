namespace Flash.MockServer.Storage;

/// <summary><c>flash_</c> tokens of the API token service, or <c>fk_</c> keys of the API key service (Flash today).</summary>
internal enum CredentialKind
{
    Token,
    ApiKey,
}

internal enum CredentialStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// A stored API credential. Only a SHA-256 hash of the secret is kept; <see cref="Lookup"/> is the indexed key
/// (the token's hash for <c>flash_</c>, the public keyId for <c>fk_</c>).
/// </summary>
internal sealed record Credential(
    string Id,
    CredentialKind Kind,
    string Lookup,
    byte[] SecretHash,
    string AccountId,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt,
    long RequestCount,
    int? RateLimitPerMinute,
    IReadOnlyList<string> AllowedIps)
{
    public CredentialStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? CredentialStatus.Revoked
        : ExpiresAt is { } expiry && expiry <= now ? CredentialStatus.Expired
        : CredentialStatus.Active;

    /// <summary>Never the hash or lookup value: logs and test output must not carry anything derived from the secret.</summary>
    public override string ToString() => $"{Kind} {Id} '{Name}' of account {AccountId}";
}
