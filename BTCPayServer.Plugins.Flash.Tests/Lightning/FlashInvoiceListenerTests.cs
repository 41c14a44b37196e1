using System.Net;
using System.Net.Sockets;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// BTCPay's Listen()/WaitInvoice loop against the mock: reconnecting after the socket drops, polling while it
/// cannot connect, expiry, isolation between stores, and disposal. Waits are on events, with generous timeouts.
/// </summary>
public sealed class FlashInvoiceListenerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_dropped_socket_is_replaced_and_no_payment_is_lost()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        using var listener = await store.NewClient().Listen();
        var first = await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "first", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, first);

        Assert.Equal(1, await store.DropWebSocketsAsync());
        await store.PayAsync(first.BOLT11);
        var firstPaid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        var second = await store.NewClient().CreateInvoice(LightMoney.Satoshis(200), "second", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, second);
        await store.PayAsync(second.BOLT11);
        var secondPaid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((first.Id, LightningInvoiceStatus.Paid), (firstPaid.Id, firstPaid.Status));
        Assert.Equal((second.Id, LightningInvoiceStatus.Paid), (secondPaid.Id, secondPaid.Status));
        Assert.True(store.WebSocketConnections >= 2, "the second invoice is watched on a new socket");
        await AssertNextIsOnlyAsync(store, listener);
    }

    [Fact]
    public async Task Invoices_are_polled_while_no_socket_can_be_opened()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var options = new FlashLightningClientOptions
        {
            StatusPollInterval = TimeSpan.FromMilliseconds(100),
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault, options: options);
        using var listener = await store.NewClient(webSocketUri: ClosedPort()).Listen();

        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(300), "no socket", TimeSpan.FromMinutes(10));
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionFailed.Id);
        await store.PayAsync(invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
        Assert.Equal(0, store.WebSocketConnections);
    }

    [Fact]
    public async Task An_invoice_paid_before_Listen_is_reported_from_its_first_status()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(400), "early", TimeSpan.FromMinutes(10));
        await store.PayAsync(invoice.BOLT11);

        using var listener = await store.NewClient().Listen();
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
    }

    [Fact]
    public async Task An_invoice_that_expires_is_reported_expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.TimeProvider = clock);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        using var listener = await store.NewClient().Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(500), "soon gone", TimeSpan.FromMinutes(1));
        await SubscribedAsync(store, invoice);

        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Expired), (expired.Id, expired.Status));
        Assert.Null(expired.PaidAt);
    }

    [Fact]
    public async Task A_report_BTCPay_had_not_read_when_its_listener_was_disposed_comes_from_the_next_listener()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var first = (FlashInvoiceListener)await store.NewClient().Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(600), "paid, not yet read", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, invoice);
        await store.PayAsync(invoice.BOLT11);
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.InvoiceSettled.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);

        // BTCPay restarts its listener (a connection change) before reading the queued report.
        first.Dispose();
        await first.Stopped.WaitAsync(Wait);
        using var next = await store.NewClient().Listen();
        var reported = await next.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (reported.Id, reported.Status));
    }

    [Fact]
    public async Task Two_stores_listening_at_once_each_hear_only_their_own_invoices()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var otherAccount = await mock.Server.CreateAccountAsync("other-store", "BTC");
        using var storeA = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        using var storeB = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault, otherAccount);
        using var listenerA = await storeA.NewClient().Listen();
        using var listenerB = await storeB.NewClient().Listen();
        var a1 = await storeA.NewClient().CreateInvoice(LightMoney.Satoshis(110), "A1", TimeSpan.FromMinutes(10));
        var b1 = await storeB.NewClient().CreateInvoice(LightMoney.Satoshis(220), "B1", TimeSpan.FromMinutes(10));

        await storeA.PayAsync(a1.BOLT11);
        var heardByA = await listenerA.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        await storeB.PayAsync(b1.BOLT11);
        var heardByB = await listenerB.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        var a2 = await storeA.NewClient().CreateInvoice(LightMoney.Satoshis(330), "A2", TimeSpan.FromMinutes(10));
        await storeA.PayAsync(a2.BOLT11);
        var heardByAAgain = await listenerA.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(a1.Id, heardByA.Id);
        Assert.Equal(b1.Id, heardByB.Id);
        Assert.Equal(a2.Id, heardByAAgain.Id);
    }

    [Fact]
    public async Task A_disposed_listener_stops_watching_and_closes_its_socket()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var listener = (FlashInvoiceListener)await store.NewClient().Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "watched", TimeSpan.FromMinutes(10));
        await SubscribedAsync(store, invoice);

        var waiting = listener.WaitInvoice(CancellationToken.None);
        listener.Dispose();
        await listener.Stopped.WaitAsync(Wait);
        var operations = store.WebSocketOperations;
        await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "after disposal", TimeSpan.FromMinutes(10));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.WaitInvoice(CancellationToken.None));
        Assert.Equal(operations, store.WebSocketOperations);
        Assert.Equal(0, await store.DropWebSocketsAsync());
    }

    private static Task SubscribedAsync(FlashStore store, LightningInvoice invoice) =>
        store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);

    /// <summary>Nothing was reported twice: the next report is of a fresh invoice paid now, not a repeat.</summary>
    private static async Task AssertNextIsOnlyAsync(FlashStore store, ILightningInvoiceListener listener)
    {
        var fresh = await store.NewClient().CreateInvoice(LightMoney.Satoshis(50), "fresh", TimeSpan.FromMinutes(10));
        await store.PayAsync(fresh.BOLT11);
        Assert.Equal(fresh.Id, (await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait)).Id);
    }

    /// <summary>A loopback WebSocket address nothing listens on.</summary>
    private static Uri ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"ws://127.0.0.1:{port}/graphql");
    }
}
