using System.Threading.Tasks;
using BTCPayServer.Payments;

namespace BTCPayServer.Services.Invoices
{
    // BTCPayServer/Services/Invoices/InvoiceRepository.cs at 03345c2 (nullable-oblivious there): only the member the
    // plugin calls, which finds the invoice of a payment method's address (for lightning, the payment hash).
    public class InvoiceRepository
    {
        // BTCPay's container makes it; the plugin never does, so upstream's constructor is not part of this surface.
        private InvoiceRepository()
        {
        }

        public Task<InvoiceEntity> GetInvoiceFromAddress(PaymentMethodId paymentMethodId, string address) =>
            throw new System.NotSupportedException("A stand-in of BTCPay's InvoiceRepository: BTCPay Server supplies the real one.");
    }
}
