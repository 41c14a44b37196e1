using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using Flash.MockServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>The plugin's reading of BOLT 11 on top of the host's BOLT11PaymentRequest.</summary>
public class Bolt11PaymentRequestsTests
{
    [Fact]
    public void An_invoice_is_read_as_pasted_and_kept_as_Flash_takes_it()
    {
        var text = TestInvoices.Write(2_500_000);

        var invoice = Bolt11PaymentRequests.Decode($" LIGHTNING:{text.ToUpperInvariant()}\n", Network.RegTest);

        Assert.Equal(text, invoice.Text());
        Assert.Equal(2_500_000, invoice.AmountMilliSatoshi());
        Assert.Equal(TimeSpan.FromSeconds(600), invoice.Lifetime());
        Assert.Equal(64, invoice.PaymentHashText().Length);
    }

    [Fact]
    public void An_invoice_without_an_amount_has_none()
    {
        Assert.Null(Bolt11PaymentRequests.Decode(TestInvoices.Write(milliSatoshi: null), Network.RegTest).AmountMilliSatoshi());
    }

    [Fact]
    public void A_test_invoice_is_read_on_the_network_its_prefix_names()
    {
        Assert.Equal(LightMoney.MilliSatoshis(1000), Bolt11PaymentRequests.DecodeOnItsNetwork(TestInvoices.Write(network: Network.Main)).MinimumAmount);
        Assert.Equal(LightMoney.MilliSatoshis(1000), Bolt11PaymentRequests.DecodeOnItsNetwork(TestInvoices.Write(network: Network.RegTest)).MinimumAmount);
        Assert.Equal("Invalid BOLT 11 invoice: its prefix names no Bitcoin network.",
            Assert.Throws<FormatException>(() => Bolt11PaymentRequests.DecodeOnItsNetwork("lnxy1qqqq")).Message);
    }

    [Fact]
    public void An_invoice_from_anyone_else_must_verify_against_the_payee_it_names()
    {
        var signer = new Key();
        var forged = Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
        {
            Network = Network.RegTest,
            AmountMilliSatoshi = 1000,
            Timestamp = DateTimeOffset.UtcNow,
            PaymentHash = new byte[32],
            PaymentSecret = new byte[32],
            Description = "test invoice",
            NodeKey = signer,
            PayeeNodeId = new Key().PubKey,
        });

        Assert.False(Bolt11PaymentRequests.TryDecode(forged, Network.RegTest, out _, out var error));
        Assert.Equal("Invalid BOLT 11 invoice: the signature does not verify against the payee node id ('n').", error);
        // Flash's own invoices are read without the check.
        Assert.Equal(LightMoney.MilliSatoshis(1000), Bolt11PaymentRequests.Decode(forged, Network.RegTest).MinimumAmount);
        Assert.True(Bolt11PaymentRequests.TryDecode(TestInvoices.Write(), Network.RegTest, out _, out var none), none);
        Assert.False(Bolt11PaymentRequests.TryDecode(null, Network.RegTest, out _, out var noText));
        Assert.Equal("Invalid BOLT 11 invoice: no text.", noText);
    }
}
