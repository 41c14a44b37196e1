using Microsoft.Data.Sqlite;

namespace Flash.MockServer.Storage;

internal sealed class CredentialRepository(SqliteDatabase database)
{
    private const string Columns =
        "id, kind, lookup, secret_hash, account_id, name, scopes, created_at, expires_at, revoked_at, last_used_at, request_count, rate_limit, allowed_ips";

    /// <summary>Inserts unless the account already has <paramref name="maxActive"/> active credentials of that kind.</summary>
    public Task<bool> TryInsertAsync(Credential credential, int maxActive, CancellationToken cancellation) =>
        WriteOrLimitAsync((c, t, ct) => InsertAsync(c, t, credential, maxActive, ct), cancellation);

    /// <summary>Revokes <paramref name="oldId"/> and inserts its replacement in one transaction.</summary>
    public Task<bool> TryRotateAsync(string oldId, Credential replacement, DateTimeOffset at, int maxActive, CancellationToken cancellation) =>
        WriteOrLimitAsync(async (c, t, ct) =>
        {
            if (!await RevokeAsync(c, t, oldId, replacement.AccountId, at, ct))
                throw new InvalidOperationException("The credential to rotate is no longer active.");
            await InsertAsync(c, t, replacement, maxActive, ct);
        }, cancellation);

    public Task<Credential?> FindByLookupAsync(string lookup, CancellationToken cancellation) =>
        FindAsync("lookup = $key", lookup, cancellation);

    public Task<Credential?> GetAsync(string id, CancellationToken cancellation) => FindAsync("id = $key", id, cancellation);

    public Task<IReadOnlyList<Credential>> ListAsync(string accountId, CredentialKind kind, CancellationToken cancellation) =>
        database.ReadAsync<IReadOnlyList<Credential>>(async c =>
        {
            await using var command = c.Command($"SELECT {Columns} FROM credentials WHERE account_id = $account AND kind = $kind ORDER BY created_at DESC, rowid DESC", null,
                ("$account", accountId), ("$kind", kind.ToString()));
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var list = new List<Credential>();
            while (await reader.ReadAsync(cancellation))
                list.Add(Read(reader));
            return list;
        }, cancellation);

    /// <summary>Revokes an active credential of the account; false when there is none to revoke.</summary>
    public Task<bool> RevokeAsync(string id, string accountId, DateTimeOffset at, CancellationToken cancellation) =>
        database.WriteAsync((c, t, ct) => RevokeAsync(c, t, id, accountId, at, ct), cancellation);

    public Task<bool> SetAllowedIpsAsync(string id, IReadOnlyList<string> allowedIps, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await using var command = c.Command("UPDATE credentials SET allowed_ips = $ips WHERE id = $id", t, ("$ips", string.Join(' ', allowedIps)), ("$id", id));
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellation);

    /// <summary>Adds request counts and moves last-used times forward (never backward).</summary>
    public Task FlushUsageAsync(IReadOnlyCollection<(string Id, long Requests, DateTimeOffset? LastUsedAt)> usage, CancellationToken cancellation) =>
        usage.Count == 0 ? Task.CompletedTask : database.WriteAsync(async (c, t, ct) =>
        {
            foreach (var (id, requests, lastUsed) in usage)
            {
                await using var command = c.Command(
                    "UPDATE credentials SET request_count = request_count + $requests, last_used_at = MAX(COALESCE(last_used_at, 0), COALESCE($last, 0)) WHERE id = $id", t,
                    ("$requests", requests), ("$last", lastUsed.ToUnixMs()), ("$id", id));
                await command.ExecuteNonQueryAsync(ct);
            }
            return true;
        }, cancellation);

    private async Task<bool> WriteOrLimitAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellation)
    {
        try
        {
            return await database.WriteAsync(async (c, t, ct) =>
            {
                await work(c, t, ct);
                return true;
            }, cancellation);
        }
        catch (SqliteException e) when (e.Message.Contains("active_credential_limit", StringComparison.Ordinal))
        {
            return false;
        }
    }

    private static async Task InsertAsync(SqliteConnection c, SqliteTransaction t, Credential credential, int maxActive, CancellationToken cancellation)
    {
        await using var command = c.Command(
            $"INSERT INTO credentials ({Columns}, max_active) VALUES ($id, $kind, $lookup, $hash, $account, $name, $scopes, $created, $expires, NULL, NULL, 0, $rate, $ips, $max)", t,
            ("$id", credential.Id), ("$kind", credential.Kind.ToString()), ("$lookup", credential.Lookup), ("$hash", credential.SecretHash),
            ("$account", credential.AccountId), ("$name", credential.Name), ("$scopes", string.Join(' ', credential.Scopes)),
            ("$created", credential.CreatedAt.ToUnixTimeMilliseconds()), ("$expires", credential.ExpiresAt.ToUnixMs()),
            ("$rate", credential.RateLimitPerMinute), ("$ips", string.Join(' ', credential.AllowedIps)), ("$max", maxActive));
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<bool> RevokeAsync(SqliteConnection c, SqliteTransaction t, string id, string accountId, DateTimeOffset at, CancellationToken cancellation)
    {
        await using var command = c.Command(
            "UPDATE credentials SET revoked_at = $at WHERE id = $id AND account_id = $account AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $at)", t,
            ("$at", at.ToUnixTimeMilliseconds()), ("$id", id), ("$account", accountId));
        return await command.ExecuteNonQueryAsync(cancellation) == 1;
    }

    private Task<Credential?> FindAsync(string condition, string key, CancellationToken cancellation) =>
        database.ReadAsync(async c =>
        {
            await using var command = c.Command($"SELECT {Columns} FROM credentials WHERE {condition}", null, ("$key", key));
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            return await reader.ReadAsync(cancellation) ? Read(reader) : null;
        }, cancellation);

    private static Credential Read(SqliteDataReader r) => new(
        r.GetString(0), Enum.Parse<CredentialKind>(r.GetString(1)), r.GetString(2), (byte[])r.GetValue(3), r.GetString(4), r.GetString(5),
        Split(r.GetString(6)), r.Time(7), r.NullableTime(8), r.NullableTime(9), r.NullableTime(10), r.GetInt64(11),
        r.IsDBNull(12) ? null : r.GetInt32(12), Split(r.GetString(13)));

    private static string[] Split(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
