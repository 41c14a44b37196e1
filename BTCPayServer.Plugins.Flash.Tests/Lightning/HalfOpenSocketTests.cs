using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// A status socket that goes silent without closing (a NAT or proxy that dropped the connection): the keep-alive's
/// unanswered ping drops it, the invoices on it are polled at once and subscribed again on a new socket, so a payment
/// made while the socket is silent is still reported, within the keep-alive's bound rather than never.
/// </summary>
public sealed class HalfOpenSocketTests
{
    // The bound the plugin promises with its defaults (5 s of quiet, 4 s for the answer, then one poll) is 15 s.
    private static readonly TimeSpan Promised = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_payment_made_while_the_socket_is_silent_is_reported_and_the_socket_replaced()
    {
        await using var mock = await MockServerHarness.StartAsync();
        await using var relay = new SilencingTcpProxy(mock.Server.WebSocketUri);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        using var listener = await store.NewClient(webSocketUri: relay.Through(mock.Server.WebSocketUri)).Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(700), "paid in silence", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, invoice);

        relay.Silence();
        await store.PayAsync(invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Promised);
        var later = await store.NewClient().CreateInvoice(LightMoney.Satoshis(800), "after the silence", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, later);
        await store.PayAsync(later.BOLT11);
        var paidLater = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Promised);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
        Assert.Equal((later.Id, LightningInvoiceStatus.Paid), (paidLater.Id, paidLater.Status));
        Assert.Contains(store.Logs.Records, r => r.EventId.Id == FlashLogEvents.WebSocketSilent.Id);
        Assert.Equal(2, relay.Connections);
    }

    [Fact]
    public async Task Without_the_keep_alive_a_silent_socket_hides_the_payment()
    {
        // The same silence with pings off: the watch still looks subscribed, so nothing polls it. This is what the
        // keep-alive is for, and shows the test above can fail.
        await using var mock = await MockServerHarness.StartAsync();
        await using var relay = new SilencingTcpProxy(mock.Server.WebSocketUri);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        store.WebSocketOptions = new GraphQLWebSocketClientOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan };
        using var listener = await store.NewClient(webSocketUri: relay.Through(mock.Server.WebSocketUri)).Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(700), "paid in silence", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, invoice);

        relay.Silence();
        await store.PayAsync(invoice.BOLT11);
        var waiting = listener.WaitInvoice(CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitAsync(Promised));
    }

    private static Task SubscribedAsync(FlashStore store, LightningInvoice invoice) =>
        store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), TimeSpan.FromSeconds(30));
}
