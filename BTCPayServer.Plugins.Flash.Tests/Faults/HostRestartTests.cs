using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 10: BTCPay Server restarts while invoices wait for payment. The restarted plugin has nothing in
/// memory; from the invoice ids BTCPay stored alone (<c>GetInvoice(id)</c>, as BTCPay's listener asks after it starts
/// a new <c>Listen()</c>) it reports what was paid or expired while BTCPay was down, and the new listener hears of
/// the invoices still open.
/// </summary>
public sealed class HostRestartTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Store = "shop";

    private readonly TemporaryDirectory _state = new();

    private string Keys => Path.Combine(_state.Path, "keys");

    private string Settings => Path.Combine(_state.Path, "settings");

    [Fact]
    public async Task Invoices_paid_or_expired_while_BTCPay_was_down_are_reported_from_their_ids_and_the_open_one_is_heard_when_paid()
    {
        var flashClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07, o => o.TimeProvider = flashClock);
        string paidA, paidB, open, expiring;
        await using (var before = PluginHost.Start(Keys, Settings))
        {
            await before.ConnectAsync(mock.Server, Store);
            using var listener = await (await before.ClientAsync(Store)).Listen();
            paidA = await CreateAsync(before, 1_000, TimeSpan.FromMinutes(15));
            paidB = await CreateAsync(before, 2_000, TimeSpan.FromMinutes(15));
            open = await CreateAsync(before, 3_000, TimeSpan.FromMinutes(15));
            expiring = await CreateAsync(before, 4_000, TimeSpan.FromMinutes(1));
        }

        // BTCPay is down: two invoices are paid, one expires.
        await PayAsync(mock, paidA);
        await PayAsync(mock, paidB);
        flashClock.Advance(TimeSpan.FromMinutes(2));

        await using var after = PluginHost.Start(Keys, Settings);
        using var restarted = await (await after.ClientAsync(Store)).Listen();
        var looked = new List<LightningInvoice>();
        foreach (var id in new[] { paidA, paidB, open, expiring })
            looked.Add((await (await after.ClientAsync(Store)).GetInvoice(id))!);
        await PayAsync(mock, open);
        var heard = await restarted.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(
            [
                (paidA, LightningInvoiceStatus.Paid, LightMoney.Satoshis(1_000)),
                (paidB, LightningInvoiceStatus.Paid, LightMoney.Satoshis(2_000)),
                (open, LightningInvoiceStatus.Unpaid, null),
                (expiring, LightningInvoiceStatus.Expired, null),
            ],
            looked.Select(i => (i.Id, i.Status, (LightMoney?)i.AmountReceived)));
        Assert.All(looked.Take(2), i => Assert.NotNull(i.PaidAt));
        Assert.Equal((open, LightningInvoiceStatus.Paid, LightMoney.Satoshis(3_000)), (heard.Id, heard.Status, heard.AmountReceived));
    }

    private static async Task<string> CreateAsync(PluginHost host, long satoshis, TimeSpan expiry) =>
        (await (await host.ClientAsync(Store)).CreateInvoice(LightMoney.Satoshis(satoshis), $"order of {satoshis} sats", expiry)).Id;

    /// <summary>Pays as if from the network (invoice ids are their BOLT11).</summary>
    private static async Task PayAsync(MockServerHarness mock, string bolt11)
    {
        var record = await mock.Server.Services.Invoices.FindByRequestAsync(bolt11, CancellationToken.None);
        Assert.Equal(global::Flash.MockServer.Lightning.SettlementResult.Settled, await mock.Server.Services.Invoices.SettleAsync(record!.PaymentHash, null, CancellationToken.None));
    }

    public void Dispose() => _state.Dispose();
}
