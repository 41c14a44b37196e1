using System;
using BTCPayServer.Client.Models;
using BTCPayServer.Payments;

namespace BTCPayServer.Services.Invoices
{
    // BTCPayServer/Services/Invoices/InvoiceEntity.cs at 03345c2: only the members the plugin reads.
    public class InvoiceEntity
    {
        public string Id { get; set; }

        public DateTimeOffset ExpirationTime { get; set; }

        public InvoiceStatus Status { get; set; }

#nullable enable
        public PaymentPrompt? GetPaymentPrompt(PaymentMethodId paymentMethodId) =>
            throw new NotSupportedException("A stand-in of BTCPay's InvoiceEntity: BTCPay Server supplies the real one.");
#nullable restore
    }

    // The same file: one payment method's prompt of an invoice; its Destination is, for lightning, the BOLT11 shown.
    public class PaymentPrompt
    {
        public string Destination { get; set; }
    }
}
