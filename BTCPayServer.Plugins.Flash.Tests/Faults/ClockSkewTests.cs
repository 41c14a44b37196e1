using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Lightning.Bolt11;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Time.Testing;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 7: BTCPay's clock hours off Flash's. Invoices are still made and paid ones reported, and
/// whether an invoice has expired is what Flash says, never what BTCPay's clock makes of the invoice's expiry.
/// </summary>
public sealed class ClockSkewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Skew = TimeSpan.FromHours(5);

    [Fact]
    public async Task Hours_ahead_of_Flash_an_invoice_is_made_unpaid_and_its_payment_is_reported()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        var ahead = new SkewedClock(Skew);
        using var listener = await store.NewClient(time: ahead).Listen();

        var invoice = await store.NewClient(time: ahead).CreateInvoice(LightMoney.Satoshis(1_000), "ahead", TimeSpan.FromMinutes(15));
        await SubscribedAsync(store, invoice);
        // By BTCPay's clock this invoice expired hours ago; Flash says it is open.
        var looked = await store.NewClient(time: ahead).GetInvoice(invoice.Id);
        await store.PayAsync(invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(Bolt11Invoice.Parse(invoice.BOLT11, Network.RegTest).ExpiresAt, invoice.ExpiresAt);
        Assert.True(invoice.ExpiresAt < ahead.GetUtcNow());
        Assert.Equal(LightningInvoiceStatus.Unpaid, looked!.Status);
        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid, LightMoney.Satoshis(1_000)), (paid.Id, paid.Status, paid.AmountReceived));
    }

    [Fact]
    public async Task Hours_behind_Flash_an_invoice_is_expired_when_Flash_says_so()
    {
        var flashClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07, o => o.TimeProvider = flashClock);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        var behind = new SkewedClock(-Skew);
        using var listener = await store.NewClient(time: behind).Listen();
        var invoice = await store.NewClient(time: behind).CreateInvoice(LightMoney.Satoshis(1_000), "behind", TimeSpan.FromMinutes(1));
        await SubscribedAsync(store, invoice);

        flashClock.Advance(TimeSpan.FromMinutes(2));
        var expired = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        var looked = await store.NewClient(time: behind).GetInvoice(invoice.Id);

        // By BTCPay's clock this invoice has hours to go; Flash says it is over.
        Assert.True(invoice.ExpiresAt > behind.GetUtcNow());
        Assert.Equal((invoice.Id, LightningInvoiceStatus.Expired), (expired.Id, expired.Status));
        Assert.Equal(LightningInvoiceStatus.Expired, looked!.Status);
    }

    private static Task SubscribedAsync(FlashStore store, LightningInvoice invoice) =>
        store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);
}
