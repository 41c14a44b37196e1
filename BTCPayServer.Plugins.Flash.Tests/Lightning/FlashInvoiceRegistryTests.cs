using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>The invoices a connection shares between its client instances and its listener.</summary>
public sealed class FlashInvoiceRegistryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    [Fact]
    public void A_listener_gets_the_unsettled_invoices_then_each_new_one_once()
    {
        var registry = new FlashInvoiceRegistry();
        var (before, settled, after) = (Invoice(), Invoice(), Invoice());
        registry.Remember(before, settled: false, Now, Retention);
        registry.Remember(settled, settled: true, Now, Retention);
        var announced = new List<IssuedInvoice>();

        using (registry.Attach(announced.Add, out var pending))
        {
            registry.Remember(after, settled: false, Now, Retention);
            registry.Remember(after, settled: false, Now, Retention);
            registry.Remember(Invoice(), settled: true, Now, Retention);
            Assert.Equal([before], pending);
        }
        registry.Remember(Invoice(), settled: false, Now, Retention);

        Assert.Equal([after], announced);
    }

    [Fact]
    public void Settling_is_one_way_and_a_settled_invoice_is_still_found_by_hash()
    {
        var registry = new FlashInvoiceRegistry();
        var invoice = Invoice();
        registry.Remember(invoice, settled: false, Now, Retention);

        registry.MarkSettled(invoice.PaymentHash);
        registry.Remember(invoice, settled: false, Now, Retention);
        using var _ = registry.Attach(_ => { }, out var pending);

        Assert.Empty(pending);
        Assert.Same(invoice, registry.Find(invoice.PaymentHash));
    }

    [Fact]
    public void Invoices_are_forgotten_a_retention_period_after_they_expire()
    {
        var registry = new FlashInvoiceRegistry();
        var old = Invoice();
        registry.Remember(old, settled: true, Now, Retention);

        registry.Remember(Invoice(), settled: false, old.ExpiresAt + Retention + TimeSpan.FromMinutes(2), Retention);

        Assert.Null(registry.Find(old.PaymentHash));
        Assert.Equal(1, registry.Count);
    }

    private static IssuedInvoice Invoice() =>
        IssuedInvoice.From(BOLT11PaymentRequest.Parse(TestInvoices.Write(timestamp: Now), Network.RegTest), FlashEndpoints.For(new Uri("https://api.flashapp.me/graphql")));
}
