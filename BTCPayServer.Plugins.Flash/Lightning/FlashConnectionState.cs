namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// What every <see cref="FlashLightningClient"/> of one connection string shares, whichever account is behind it.
/// BTCPay builds a new <c>ILightningClient</c> for each call (its <c>LightningClientFactoryService</c> does not
/// cache them), and runs one listener per connection string for as long as it runs: the invoices awaiting payment
/// live here (so that listener hears of invoices any client instance created, before and after a reconnect), and
/// so do the payments sent (so <c>GetPayment</c> can answer). What belongs to the account (token, wallet, price) is
/// in <see cref="FlashSession"/>. Never share one between stores: that is what keeps stores apart.
/// </summary>
public sealed class FlashConnectionState
{
    /// <summary>Told of every invoice Flash reports expired unpaid (checkout renewal); null: nobody is.</summary>
    internal Func<IssuedInvoice, Task>? Expired { get; init; }

    internal FlashInvoiceRegistry Invoices { get; } = new();

    private SentPaymentRegistry? _payments;

    /// <summary>Made at the first payment: most stores never pay out, and a server may hold thousands of these.</summary>
    internal SentPaymentRegistry Payments => LazyInitializer.EnsureInitialized(ref _payments);
}
