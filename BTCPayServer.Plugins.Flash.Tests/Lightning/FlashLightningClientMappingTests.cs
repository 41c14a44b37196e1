using BTCPayServer.Lightning;
using BTCPayServer.Lightning.Bolt11;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>How Flash's answers become BTCPay's types, on real signed invoices and without a network.</summary>
public sealed class FlashLightningClientMappingTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Seen = Created.AddMinutes(3);
    private static readonly Bolt11Invoice Decoded = Bolt11Invoice.Parse(TestInvoices.Write(2_500_000, timestamp: Created), Network.RegTest);
    private static readonly BOLT11PaymentRequest Request = BOLT11PaymentRequest.Parse(Decoded.Text, Network.RegTest);
    private static readonly IssuedInvoice Invoice = IssuedInvoice.From(Request, FlashEndpoints.For(new Uri("https://flash.test/graphql"), new Uri("wss://flash.test/graphql")));

    [Fact]
    public void A_pending_invoice_is_unpaid_with_nothing_received()
    {
        var invoice = FlashLightningClient.ToLightningInvoice(Invoice, InvoicePaymentStatus.Pending, Seen);

        Assert.Equal(LightningInvoiceStatus.Unpaid, invoice.Status);
        Assert.Equal(Decoded.Text, invoice.Id);
        Assert.Equal(Decoded.Text, invoice.BOLT11);
        Assert.Equal(Decoded.PaymentHash, invoice.PaymentHash);
        Assert.Equal(Created.AddMinutes(10), invoice.ExpiresAt);
        Assert.Equal(LightMoney.MilliSatoshis(2_500_000), invoice.Amount);
        Assert.Null(invoice.AmountReceived);
        Assert.Null(invoice.PaidAt);
        Assert.Null(invoice.Preimage);
    }

    [Fact]
    public void A_paid_invoice_received_its_amount_when_it_was_seen_paid()
    {
        var invoice = FlashLightningClient.ToLightningInvoice(Invoice, InvoicePaymentStatus.Paid, Seen);

        Assert.Equal(LightningInvoiceStatus.Paid, invoice.Status);
        Assert.Equal(LightMoney.MilliSatoshis(2_500_000), invoice.AmountReceived);
        Assert.Equal(Seen, invoice.PaidAt);
        Assert.Null(invoice.Preimage);
    }

    [Fact]
    public void An_expired_invoice_is_expired() =>
        Assert.Equal(LightningInvoiceStatus.Expired, FlashLightningClient.ToLightningInvoice(Invoice, InvoicePaymentStatus.Expired, Seen).Status);

    [Theory]
    [InlineData(PaymentSendResult.Success, PayResult.Ok, LightningPaymentStatus.Complete)]
    [InlineData(PaymentSendResult.AlreadyPaid, PayResult.Ok, LightningPaymentStatus.Complete)]
    [InlineData(PaymentSendResult.Pending, PayResult.Unknown, LightningPaymentStatus.Pending)]
    public void Send_results_map_to_pay_results_with_details(PaymentSendResult sent, PayResult result, LightningPaymentStatus status)
    {
        var response = FlashLightningClient.ToPayResponse(sent, Request);

        Assert.Equal(result, response.Result);
        Assert.Equal(status, response.Details.Status);
        Assert.Equal(LightMoney.MilliSatoshis(2_500_000), response.Details.TotalAmount);
        Assert.Equal(Decoded.PaymentHashValue, response.Details.PaymentHash);
        Assert.Null(response.Details.FeeAmount);
        Assert.Null(response.Details.Preimage);
    }

    [Fact]
    public void A_failed_send_is_an_error_with_a_reason()
    {
        var response = FlashLightningClient.ToPayResponse(PaymentSendResult.Failure, Request);

        Assert.Equal(PayResult.Error, response.Result);
        Assert.False(string.IsNullOrEmpty(response.ErrorDetail));
    }

    [Theory]
    [InlineData(InvoicePaymentStatus.Paid, LightningPaymentStatus.Complete)]
    [InlineData(InvoicePaymentStatus.Expired, LightningPaymentStatus.Failed)]
    [InlineData(InvoicePaymentStatus.Pending, LightningPaymentStatus.Pending)]
    public void The_paid_invoice_s_status_tells_the_payment_s(InvoicePaymentStatus invoice, LightningPaymentStatus payment) =>
        Assert.Equal(payment, FlashLightningClient.ToPaymentStatus(invoice));
}
