using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// What the plugin keeps of an invoice it issued or looked up, and the Flash server that issued it. The server
/// travels with the invoice because a store may be reconnected to another server while its invoices are still open:
/// their status is asked where they were made. Only what BTCPay is told later is kept, not the decoded invoice: a
/// busy server holds thousands of these for hours.
/// </summary>
internal sealed record IssuedInvoice
{
    private IssuedInvoice(string paymentRequest, string paymentHash, long? amountMilliSatoshi, DateTimeOffset expiresAt, TimeSpan lifetime, FlashEndpoints server)
    {
        PaymentRequest = paymentRequest;
        PaymentHash = paymentHash;
        AmountMilliSatoshi = amountMilliSatoshi;
        ExpiresAt = expiresAt;
        Lifetime = lifetime;
        Server = server;
    }

    /// <summary>The BOLT 11 text, which Flash's status query and subscription take.</summary>
    public string PaymentRequest { get; }

    /// <summary>64 lower-case hex characters, as BTCPay prints payment hashes.</summary>
    public string PaymentHash { get; }

    public long? AmountMilliSatoshi { get; }

    /// <summary>On Flash's clock (the invoice's timestamp plus its expiry).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>From its timestamp to its expiry: how long it is payable, whatever the two clocks say.</summary>
    public TimeSpan Lifetime { get; }

    public FlashEndpoints Server { get; }

    public static IssuedInvoice From(BOLT11PaymentRequest invoice, FlashEndpoints server)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(server);
        return new IssuedInvoice(invoice.Text(), invoice.PaymentHashText(), invoice.AmountMilliSatoshi(), invoice.ExpiryDate, invoice.Lifetime(), server);
    }
}
