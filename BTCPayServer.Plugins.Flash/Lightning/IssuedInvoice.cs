using BTCPayServer.Plugins.Flash.Lightning.Bolt11;
using BTCPayServer.Plugins.Flash.Settings;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// An invoice and the Flash server that issued it. The server travels with the invoice because a store may be
/// reconnected to another server while its invoices are still open: their status is asked where they were made.
/// </summary>
internal sealed record IssuedInvoice(Bolt11Invoice Invoice, FlashEndpoints Server)
{
    public string PaymentHash => Invoice.PaymentHash;
}
