using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 4: Flash answers every HTTP request with a 5xx for a while. A checkout fails after a bounded
/// number of attempts with a sentence the merchant can act on, the first checkout after the storm works, and a
/// listener that could not confirm a payment during the storm keeps polling and reports it once the storm ends.
/// </summary>
public sealed class ServerErrorStormTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MockServerHarness _mock = null!;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    private string Storm => $"Impossible to create lightning invoice (Flash's server failed to handle the request: try again in a moment (server {_mock.Server.GraphQLUri.Authority}, HTTP 503))";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_5xx_storm_fails_the_invoice_after_four_attempts_with_a_plain_sentence_and_the_first_invoice_after_it_works(bool walletKnown)
    {
        using var store = await FlashStore.ConnectAsync(_mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        if (walletKnown)
            await store.NewClient().CreateInvoice(LightMoney.Satoshis(500), "before the storm", TimeSpan.FromMinutes(15));
        var before = store.HttpRequests;
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.HttpStatus, Remaining: 1_000, Status: 503));

        var (_, during) = await BTCPayCheckout.CreateInvoiceAsync(store.NewClient(), LightMoney.Satoshis(1_000));
        var attempts = store.HttpRequests - before;
        _mock.Server.Services.Faults.Clear();
        var (after, error) = await BTCPayCheckout.CreateInvoiceAsync(store.NewClient(), LightMoney.Satoshis(1_000));

        Assert.Equal(Storm, during);
        // The first request (the account and price, or the invoice once the wallet is known) once and three times
        // again, within BTCPay's five seconds; nothing after it is asked while it fails.
        Assert.Equal(4, attempts);
        Assert.Null(error);
        Assert.Equal(LightMoney.Satoshis(1_000), after!.Amount);
    }

    [Fact]
    public async Task Through_a_5xx_storm_the_listener_keeps_polling_and_reports_a_payment_made_during_it_once_it_ends()
    {
        var options = new FlashLightningClientOptions
        {
            StatusPollInterval = TimeSpan.FromMilliseconds(100),
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        using var store = await FlashStore.ConnectAsync(_mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault, options: options);
        using var listener = await store.NewClient().Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(2_100), "paid in the storm", TimeSpan.FromMinutes(15));
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id && Equals(r["PaymentHash"], invoice.PaymentHash), Wait);

        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.HttpStatus, Remaining: 100_000, Status: 503));
        await store.PayAsync(invoice.BOLT11);
        // The subscription pushes PAID, the status query that must confirm it fails, and polling fails twice over.
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.PaidNotConfirmed.Id, Wait);
        var failedPolls = 0;
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.StatusPollFailed.Id && r.Exception is FlashTransientException { HttpStatus: 503 } && ++failedPolls == 2, Wait);
        var report = listener.WaitInvoice(CancellationToken.None);
        var reportedDuringTheStorm = report.IsCompleted;
        _mock.Server.Services.Faults.Clear();
        var paid = await report.WaitAsync(Wait);

        Assert.False(reportedDuringTheStorm);
        Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid, LightMoney.Satoshis(2_100)), (paid.Id, paid.Status, paid.AmountReceived));
        Assert.DoesNotContain(store.Credential, store.Logs.AllText(), StringComparison.Ordinal);
    }
}
