using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Checkout;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.Checkout;

/// <summary>
/// Renewal as the listener drives it against the mock: only an invoice Flash itself reports expired is renewed, so a
/// payment made in the invoice's last second is reported and never followed by a second BOLT11.
/// </summary>
public sealed class RenewalFromTheListenerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_payment_at_second_59_is_reported_and_only_the_unpaid_checkout_is_renewed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.TimeProvider = clock);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var checkouts = new FakeCheckouts();
        var renewed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        checkouts.Renewed = id => renewed.TrySetResult(id);
        store.RenewCheckoutsWith(new FlashCheckoutRenewal(checkouts, clock, NullLogger<FlashCheckoutRenewal>.Instance));
        using var listener = await store.NewClient().Listen();
        var paidLate = await store.NewClient().CreateInvoice(LightMoney.Satoshis(500), "paid at second 59", TimeSpan.FromMinutes(1));
        var leftUnpaid = await store.NewClient().CreateInvoice(LightMoney.Satoshis(600), "left unpaid", TimeSpan.FromMinutes(1));
        Show(checkouts, clock, "checkout-paid-late", paidLate);
        Show(checkouts, clock, "checkout-left-unpaid", leftUnpaid);
        await SubscribedAsync(store, paidLate);
        await SubscribedAsync(store, leftUnpaid);

        clock.Advance(TimeSpan.FromSeconds(59));
        await store.PayAsync(paidLate.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        var renewedCheckout = await renewed.Task.WaitAsync(Wait);

        Assert.Equal((paidLate.Id, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
        Assert.Equal((leftUnpaid.Id, LightningInvoiceStatus.Expired), (expired.Id, expired.Status));
        Assert.Equal("checkout-left-unpaid", renewedCheckout);
        Assert.Equal(["checkout-left-unpaid"], checkouts.Renewals);
    }

    [Fact]
    public async Task An_invoice_that_has_not_expired_on_Flash_is_not_renewed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.TimeProvider = clock);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var checkouts = new FakeCheckouts();
        store.RenewCheckoutsWith(new FlashCheckoutRenewal(checkouts, clock, NullLogger<FlashCheckoutRenewal>.Instance));
        using var listener = await store.NewClient().Listen();
        var shown = await store.NewClient().CreateInvoice(LightMoney.Satoshis(500), "still payable", TimeSpan.FromMinutes(1));
        Show(checkouts, clock, "checkout-1", shown);
        await SubscribedAsync(store, shown);

        // The listener's own clock moves to the invoice's last second: Flash has said nothing, so nothing is renewed,
        // and the invoice can still be paid and is reported.
        clock.Advance(TimeSpan.FromSeconds(59));
        await store.PayAsync(shown.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(LightningInvoiceStatus.Paid, paid.Status);
        Assert.Empty(checkouts.Renewals);
        Assert.Equal(0, checkouts.Lookups);
    }

    private static void Show(FakeCheckouts checkouts, TimeProvider clock, string checkoutId, LightningInvoice invoice) =>
        checkouts.Show(invoice.PaymentHash, new FlashCheckout(checkoutId, true, clock.GetUtcNow().AddMinutes(15), invoice.BOLT11));

    private static Task SubscribedAsync(FlashStore store, LightningInvoice invoice) =>
        store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);
}
