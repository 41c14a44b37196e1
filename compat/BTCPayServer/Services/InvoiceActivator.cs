#nullable enable
using System.Threading.Tasks;
using BTCPayServer.Payments;

namespace BTCPayServer.Services
{
    // BTCPayServer/Services/InvoiceActivator.cs at 03345c2 (a singleton of BTCPay's): makes a payment prompt of an
    // invoice, or a new one with forceNew. Only the member the plugin calls; BTCPay's own type binds at run time.
    public class InvoiceActivator
    {
        // BTCPay's container makes it; the plugin never does, so upstream's constructor is not part of this surface.
        private InvoiceActivator()
        {
        }

        public Task<bool> ActivateInvoicePaymentMethod(string invoiceId, PaymentMethodId paymentMethodId, bool forceNew = false) =>
            throw new System.NotSupportedException("A stand-in of BTCPay's InvoiceActivator: BTCPay Server supplies the real one.");
    }
}
