namespace Flash.MockServer.Storage;

/// <summary>Persisted audit trail of credential events: created, revoked, rotated, denied, rate_limited.</summary>
internal sealed class AuditLog(SqliteDatabase database, TimeProvider clock)
{
    public const string Created = "created";
    public const string Revoked = "revoked";
    public const string Rotated = "rotated";
    public const string Denied = "denied";
    public const string RateLimited = "rate_limited";

    public Task WriteAsync(string @event, string? credentialId, string? accountId, string? ip, string? detail = null, CancellationToken cancellation = default) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await using var command = c.Command("INSERT INTO audit (at, event, credential_id, account_id, ip, detail) VALUES ($at, $event, $credential, $account, $ip, $detail)", t,
                ("$at", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$event", @event), ("$credential", credentialId), ("$account", accountId), ("$ip", ip), ("$detail", detail));
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellation);

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? accountId, string? credentialId, CancellationToken cancellation) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(async c =>
        {
            await using var command = c.Command(
                "SELECT seq, at, event, credential_id, account_id, ip, detail FROM audit WHERE ($account IS NULL OR account_id = $account) AND ($credential IS NULL OR credential_id = $credential) ORDER BY seq", null,
                ("$account", accountId), ("$credential", credentialId));
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var entries = new List<AuditEntry>();
            while (await reader.ReadAsync(cancellation))
                entries.Add(new AuditEntry(reader.GetInt64(0), reader.Time(1), reader.GetString(2), reader.NullableString(3), reader.NullableString(4), reader.NullableString(5), reader.NullableString(6)));
            return entries;
        }, cancellation);
}
