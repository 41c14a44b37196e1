using System.Globalization;
using Flash.MockServer.Storage;
using Microsoft.Data.Sqlite;

namespace Flash.MockServer.Lightning;

internal sealed class InvoiceRepository(SqliteDatabase database)
{
    private const string Columns = "payment_hash, payment_request, wallet_id, amount_msat, credit, memo, payment_secret, preimage, created_at, expires_at, paid_at";

    public Task InsertAsync(InvoiceRecord invoice, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await using var command = c.Command(
                $"INSERT INTO invoices ({Columns}) VALUES ($hash, $request, $wallet, $amount, $credit, $memo, $secret, $preimage, $created, $expires, NULL)", t,
                ("$hash", invoice.PaymentHash), ("$request", invoice.PaymentRequest), ("$wallet", invoice.WalletId), ("$amount", invoice.AmountMsat),
                ("$credit", invoice.Credit.ToString(CultureInfo.InvariantCulture)), ("$memo", invoice.Memo), ("$secret", invoice.PaymentSecret),
                ("$preimage", invoice.Preimage), ("$created", invoice.CreatedAt.ToUnixTimeMilliseconds()), ("$expires", invoice.ExpiresAt.ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellation);

    public Task<InvoiceRecord?> FindByRequestAsync(string paymentRequest, CancellationToken cancellation) =>
        database.ReadAsync(c => FindAsync(c, null, "payment_request = $key", paymentRequest, cancellation), cancellation);

    public Task<InvoiceRecord?> FindByHashAsync(string paymentHash, CancellationToken cancellation) =>
        database.ReadAsync(c => FindAsync(c, null, "payment_hash = $key", paymentHash, cancellation), cancellation);

    public static Task<InvoiceRecord?> FindByHashAsync(SqliteConnection c, SqliteTransaction t, string paymentHash, CancellationToken cancellation) =>
        FindAsync(c, t, "payment_hash = $key", paymentHash, cancellation);

    public static async Task MarkPaidAsync(SqliteConnection c, SqliteTransaction t, string paymentHash, DateTimeOffset at, long? amountMsat, decimal credit, CancellationToken cancellation)
    {
        await using var command = c.Command("UPDATE invoices SET paid_at = $at, amount_msat = $amount, credit = $credit WHERE payment_hash = $hash AND paid_at IS NULL", t,
            ("$at", at.ToUnixTimeMilliseconds()), ("$amount", amountMsat), ("$credit", credit.ToString(CultureInfo.InvariantCulture)), ("$hash", paymentHash));
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<InvoiceRecord?> FindAsync(SqliteConnection c, SqliteTransaction? t, string condition, string key, CancellationToken cancellation)
    {
        await using var command = c.Command($"SELECT {Columns} FROM invoices WHERE {condition}", t, ("$key", key));
        await using var r = await command.ExecuteReaderAsync(cancellation);
        if (!await r.ReadAsync(cancellation))
            return null;
        return new InvoiceRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableInt64(3), decimal.Parse(r.GetString(4), CultureInfo.InvariantCulture),
            r.NullableString(5), r.GetString(6), r.GetString(7), r.Time(8), r.Time(9), r.NullableTime(10));
    }
}
