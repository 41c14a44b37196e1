using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Checkout;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Checkout;

/// <summary>The rules of renewing a checkout's lightning invoice after Flash's short invoices expire.</summary>
public sealed class FlashCheckoutRenewalTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeCheckouts _checkouts = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly FlashCheckoutRenewal _renewal;

    public FlashCheckoutRenewalTests()
    {
        _renewal = new FlashCheckoutRenewal(_checkouts, _time, _logs.CreateFactory().CreateLogger<FlashCheckoutRenewal>());
    }

    [Fact]
    public async Task An_open_checkout_still_showing_the_expired_BOLT11_gets_a_new_prompt()
    {
        var invoice = Shown("checkout-1");

        Assert.True(await _renewal.OnExpiredAsync(invoice));

        Assert.Equal(["checkout-1"], _checkouts.Renewals);
        Assert.Null(_renewal.Unavailable);
    }

    [Fact]
    public async Task The_same_BOLT11_is_never_renewed_twice()
    {
        var invoice = Shown("checkout-1");

        var first = await _renewal.OnExpiredAsync(invoice);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await _renewal.OnExpiredAsync(invoice);

        Assert.Equal((true, false), (first, again));
        Assert.Single(_checkouts.Renewals);
    }

    [Fact]
    public async Task A_checkout_no_longer_open_is_never_renewed()
    {
        // BTCPay's Processing (paid, settling), Settled, Expired and Invalid invoices are not New.
        var invoice = Shown("paid-checkout", open: false);

        Assert.False(await _renewal.OnExpiredAsync(invoice));
        Assert.Empty(_checkouts.Renewals);
    }

    [Fact]
    public async Task A_checkout_past_its_expiry_is_never_renewed()
    {
        var invoice = Shown("expired-checkout", expiresIn: TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await _renewal.OnExpiredAsync(invoice));
        Assert.Empty(_checkouts.Renewals);
    }

    [Fact]
    public async Task A_checkout_that_shows_another_BOLT11_already_is_left_alone()
    {
        var invoice = Parse(TestInvoices.Write());
        _checkouts.Show(invoice.PaymentHash, new FlashCheckout("checkout-1", true, _time.GetUtcNow().AddMinutes(15), TestInvoices.Write()));

        Assert.False(await _renewal.OnExpiredAsync(invoice));
        Assert.Empty(_checkouts.Renewals);
    }

    [Fact]
    public async Task An_invoice_no_checkout_shows_is_left_alone()
    {
        // BTCPay finds no BTC-LN prompt for LNURL-pay invoices (their payer's wallet asked for them) or payouts.
        var lnurlInvoice = Parse(TestInvoices.Write());

        Assert.False(await _renewal.OnExpiredAsync(lnurlInvoice));
        Assert.Equal(1, _checkouts.Lookups);
        Assert.Empty(_checkouts.Renewals);
    }

    [Fact]
    public async Task A_checkout_gets_at_most_one_new_Flash_invoice_a_minute()
    {
        var first = Shown("checkout-1");
        Assert.True(await _renewal.OnExpiredAsync(first));
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = Shown("checkout-1");

        var renewing = _renewal.OnExpiredAsync(second);
        _time.Advance(TimeSpan.FromSeconds(49));
        var earlyRenewals = _checkouts.Renewals.Count;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await renewing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((1, 2), (earlyRenewals, _checkouts.Renewals.Count));
    }

    [Fact]
    public async Task A_checkout_that_expires_while_renewal_waits_out_the_minute_is_not_renewed()
    {
        Assert.True(await _renewal.OnExpiredAsync(Shown("checkout-1", expiresIn: TimeSpan.FromSeconds(40))));
        _time.Advance(TimeSpan.FromSeconds(10));
        var second = Shown("checkout-1", expiresIn: TimeSpan.FromSeconds(30));

        var renewing = _renewal.OnExpiredAsync(second);
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.False(await renewing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(_checkouts.Renewals);
    }

    [Fact]
    public async Task Different_checkouts_renew_independently_within_the_same_minute()
    {
        Assert.True(await _renewal.OnExpiredAsync(Shown("checkout-1")));
        Assert.True(await _renewal.OnExpiredAsync(Shown("checkout-2")));

        Assert.Equal(["checkout-1", "checkout-2"], _checkouts.Renewals);
    }

    [Fact]
    public async Task Host_types_that_do_not_bind_turn_renewal_off_with_one_log_entry()
    {
        _checkouts.Fails = new FlashCheckoutsUnavailableException("BTCPay Server's invoice types are not the ones this plugin knows (MissingMethodException)");

        var first = await _renewal.OnExpiredAsync(Shown("checkout-1"));
        var second = await _renewal.OnExpiredAsync(Shown("checkout-2"));

        Assert.Equal((false, false), (first, second));
        Assert.Equal(1, _checkouts.Lookups);
        Assert.Single(_logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("MissingMethodException", StringComparison.Ordinal));
        Assert.Equal("BTCPay Server's invoice types are not the ones this plugin knows (MissingMethodException)", _renewal.Unavailable);
    }

    [Fact]
    public async Task A_host_without_checkouts_is_never_asked()
    {
        _checkouts.Unavailable = "this host has no BTCPay invoice services (InvoiceRepository, InvoiceActivator)";

        Assert.False(await _renewal.OnExpiredAsync(Shown("checkout-1")));

        Assert.Equal(0, _checkouts.Lookups);
        Assert.Equal(_checkouts.Unavailable, _renewal.Unavailable);
    }

    [Fact]
    public async Task One_checkout_s_failure_is_logged_and_the_next_renews()
    {
        var failing = Shown("checkout-1");
        _checkouts.Fails = new InvalidOperationException("database is locked");
        Assert.False(await _renewal.OnExpiredAsync(failing));
        _checkouts.Fails = null;

        Assert.True(await _renewal.OnExpiredAsync(Shown("checkout-2")));

        Assert.Single(_logs.Records, r => r.Level == LogLevel.Error && r.Exception is InvalidOperationException);
        Assert.Null(_renewal.Unavailable);
    }

    [Fact]
    public async Task A_BOLT11_whose_renewal_failed_is_renewed_when_it_is_reported_again()
    {
        var invoice = Shown("checkout-1");
        _checkouts.Fails = new InvalidOperationException("database is locked");
        Assert.False(await _renewal.OnExpiredAsync(invoice));
        _checkouts.Fails = null;

        Assert.True(await _renewal.OnExpiredAsync(invoice));
        Assert.Equal(["checkout-1"], _checkouts.Renewals);
    }

    [Fact]
    public async Task A_fifteen_minute_checkout_on_60_second_invoices_costs_fifteen_Flash_invoices()
    {
        // Flash reports each invoice expired a second after its 60 seconds; the host shows each renewal's new BOLT11.
        var checkoutEnds = _time.GetUtcNow() + TimeSpan.FromMinutes(15);
        var shown = Shown("checkout-1", expiresIn: TimeSpan.FromMinutes(15));
        var flashInvoices = 1;
        _checkouts.Renewed = id =>
        {
            flashInvoices++;
            shown = Parse(TestInvoices.Write(expirySeconds: 60));
            _checkouts.Show(shown.PaymentHash, new FlashCheckout(id, true, checkoutEnds, shown.PaymentRequest));
        };

        while (_time.GetUtcNow() < checkoutEnds + TimeSpan.FromMinutes(5))
        {
            _time.Advance(TimeSpan.FromSeconds(61));
            await _renewal.OnExpiredAsync(shown);
        }

        Assert.Equal(15, flashInvoices);
    }

    private IssuedInvoice Shown(string checkoutId, bool open = true, TimeSpan? expiresIn = null)
    {
        var invoice = Parse(TestInvoices.Write());
        _checkouts.Show(invoice.PaymentHash, new FlashCheckout(checkoutId, open, _time.GetUtcNow() + (expiresIn ?? TimeSpan.FromMinutes(15)), invoice.PaymentRequest));
        return invoice;
    }

    private static IssuedInvoice Parse(string text) =>
        IssuedInvoice.From(BOLT11PaymentRequest.Parse(text, Network.RegTest), FlashEndpoints.For(new Uri("https://flash.test/graphql"), new Uri("wss://flash.test/graphql")));
}
