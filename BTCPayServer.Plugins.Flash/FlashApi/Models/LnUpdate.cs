namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>A <c>myUpdates</c> event about one of the account's lightning invoices.</summary>
public sealed record LnUpdate
{
    public required string PaymentHash { get; init; }

    public required InvoicePaymentStatus Status { get; init; }

    public required string WalletId { get; init; }
}
