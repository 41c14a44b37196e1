namespace Flash.MockServer.Hosting;

/// <summary>
/// How the mock writes the <c>flash_</c> tokens of the API token service (the <c>seed</c> dialect of
/// <see cref="TokenDialect"/>) it issues. Requests are verified in either shape.
/// </summary>
public enum SeedTokenShape
{
    /// <summary>
    /// <c>flash_</c>, 256 random bits as 43 base64url characters, then a 6-character base62 CRC32 of them, so a
    /// mistyped or leaked token is recognised offline. SHA-256 of the whole token is stored.
    /// </summary>
    Checksummed,

    /// <summary>
    /// What the API token service's unmerged branch (lnflash/flash <c>feat/api-token-authentication</c>) issues:
    /// <c>"flash_" + randomBytes(32).toString("base64url")</c>, no checksum. SHA-256 of the part after the prefix is
    /// stored, as the branch stores it.
    /// </summary>
    SeedBranch,
}
