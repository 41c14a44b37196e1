namespace Flash.MockServer.Lightning;

internal static class InvoiceStatus
{
    public const string Pending = "PENDING";
    public const string Paid = "PAID";
    public const string Expired = "EXPIRED";
}

/// <summary>
/// An invoice the mock node issued. <see cref="Credit"/> is what paying it adds to the receiving wallet, in
/// that wallet's minor unit (sats, or cents for USD wallets, whose invoices are priced when created).
/// </summary>
internal sealed record InvoiceRecord(
    string PaymentHash,
    string PaymentRequest,
    string WalletId,
    long? AmountMsat,
    decimal Credit,
    string? Memo,
    string PaymentSecret,
    string Preimage,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? PaidAt)
{
    public string StatusAt(DateTimeOffset now) =>
        PaidAt is not null ? InvoiceStatus.Paid : now >= ExpiresAt ? InvoiceStatus.Expired : InvoiceStatus.Pending;
}
