using Flash.MockServer.Storage;

namespace Flash.MockServer.Lightning;

/// <summary>Remembers the outcome of each idempotency key per account, so a repeated send never pays twice.</summary>
internal sealed class PaymentRepository(SqliteDatabase database, TimeProvider clock)
{
    /// <summary>Claims the key; returns null when it is new, else the status recorded for it.</summary>
    public Task<string?> ClaimAsync(string accountId, string idempotencyKey, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await using (var select = c.Command("SELECT status FROM payments WHERE account_id = $account AND idempotency_key = $key", t,
                ("$account", accountId), ("$key", idempotencyKey)))
            {
                if (await select.ExecuteScalarAsync(ct) is string existing)
                    return existing;
            }
            await using var insert = c.Command("INSERT INTO payments (account_id, idempotency_key, status, created_at) VALUES ($account, $key, 'PENDING', $now)", t,
                ("$account", accountId), ("$key", idempotencyKey), ("$now", clock.GetUtcNow().ToUnixTimeMilliseconds()));
            await insert.ExecuteNonQueryAsync(ct);
            return (string?)null;
        }, cancellation);

    public Task CompleteAsync(string accountId, string idempotencyKey, string status, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await using var update = c.Command("UPDATE payments SET status = $status WHERE account_id = $account AND idempotency_key = $key", t,
                ("$status", status), ("$account", accountId), ("$key", idempotencyKey));
            await update.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellation);
}
