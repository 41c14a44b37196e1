using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// BTCPay hours ahead of Flash: a watch that loses its socket is not given up as "long expired" by BTCPay's clock
/// (the invoice's expiry is Flash's), so a payment made after the drop is still reported.
/// </summary>
public sealed class ClockSkewDroppedSocketTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Hours_ahead_of_Flash_a_dropped_socket_loses_no_payment()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        var ahead = new SkewedClock(TimeSpan.FromHours(5));
        using var listener = await store.NewClient(time: ahead).Listen();
        var invoice = await store.NewClient(time: ahead).CreateInvoice(LightMoney.Satoshis(1_000), "ahead", TimeSpan.FromMinutes(15));
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);

        Assert.Equal(1, await store.DropWebSocketsAsync());
        await store.PayAsync(invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
    }
}
