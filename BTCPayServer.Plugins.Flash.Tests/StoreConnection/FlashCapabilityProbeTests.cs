using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Checkout;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
using BTCPayServer.Plugins.Flash.Tests.Checkout;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.StoreConnection;

/// <summary>Each check of the capability report stands alone: one that fails says which and why, and the others still run.</summary>
public sealed class FlashCapabilityProbeTests : ScriptedServerTest
{
    private static readonly Wallet Usd = new() { Id = "usd-1", WalletCurrency = WalletCurrency.USD, Balance = 0 };

    [Fact]
    public async Task A_test_invoice_Flash_will_not_make_leaves_those_checks_unknown_with_the_reason_and_the_rest_answered()
    {
        using var services = new FlashServices();
        Server.Enqueue(
            ScriptedHttpResponse.Data("""{"lnUsdInvoiceCreateOnBehalfOfRecipient":{"invoice":null,"errors":[{"code":"LIMIT_EXCEEDED","message":"Daily receive limit reached"}]}}"""),
            ScriptedHttpResponse.Data("""{"cashWalletCutover":{"state":"PRE"}}"""));
        var probe = new FlashCapabilityProbe(services.Transports, Renewal, TimeProvider.System, NullLogger<FlashCapabilityProbe>.Instance);
        var connection = new FlashStoreConnection { Server = Server.HttpEndpoint, ProvisioningMethod = FlashApiTokenKind.ApiKey };

        var report = await probe.ProbeAsync(connection, new FlashAccountSummary("shop", Usd, [Usd], null), StoreCheckout.BTCPayDefault, null);

        var server = Server.HttpEndpoint.Authority;
        Assert.Equal([FlashCapabilityVerdict.Works, FlashCapabilityVerdict.Unknown, FlashCapabilityVerdict.Unknown, FlashCapabilityVerdict.Unknown, FlashCapabilityVerdict.Works],
            report.Items.Select(i => i.Verdict));
        Assert.Equal($"Whether the USD wallet can receive could not be checked: Flash refused to create the invoice: Daily receive limit reached (LIMIT_EXCEEDED) (server {server})",
            report.Find(FlashCapabilityKind.Receive)!.Summary);
        Assert.Equal($"How long invoices last could not be checked: no test invoice could be made (Flash refused to create the invoice: Daily receive limit reached (LIMIT_EXCEEDED) (server {server})).",
            report.Find(FlashCapabilityKind.InvoiceExpiry)!.Summary);
        Assert.Equal("Flash has not started moving USD wallets to USDT.", report.Find(FlashCapabilityKind.CashWallet)!.Summary);
    }

    [Fact]
    public async Task Without_the_account_the_invoice_checks_say_why_they_did_not_run()
    {
        using var services = new FlashServices();
        Server.Enqueue(ScriptedHttpResponse.Text("busy", 503), ScriptedHttpResponse.Text("busy", 503), ScriptedHttpResponse.Text("busy", 503), ScriptedHttpResponse.Text("busy", 503));
        var probe = new FlashCapabilityProbe(services.Transports, Renewal, TimeProvider.System, NullLogger<FlashCapabilityProbe>.Instance);
        var connection = new FlashStoreConnection { Server = Server.HttpEndpoint, ProvisioningMethod = FlashApiTokenKind.ApiToken };

        var report = await probe.ProbeAsync(connection, null, StoreCheckout.BTCPayDefault, "Flash could not be asked");

        Assert.Equal("Whether the wallet can receive was not checked: the account could not be read (Flash could not be asked).", report.Find(FlashCapabilityKind.Receive)!.Summary);
        Assert.Equal(FlashCapabilityVerdict.Unknown, report.Find(FlashCapabilityKind.CashWallet)!.Verdict);
        Assert.StartsWith("Flash did not say whether it is moving USD wallets to USDT (Flash's server failed to handle the request", report.Find(FlashCapabilityKind.CashWallet)!.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoices_shorter_than_the_checkout_are_said_to_be_renewed_while_the_customer_pays()
    {
        var report = await ProbeSixtySecondInvoicesAsync(Renewal);

        var expiry = report.Find(FlashCapabilityKind.InvoiceExpiry)!;
        Assert.Equal((FlashCapabilityVerdict.Works, 60L), (expiry.Verdict, expiry.Seconds));
        Assert.Equal("Flash's invoices last 60 seconds; the plugin renews them while your customer pays, for the store's 15 minutes.", expiry.Summary);
        Assert.Null(expiry.Advice);
    }

    [Fact]
    public async Task When_renewal_is_off_the_report_says_why_and_what_to_do()
    {
        var checkouts = new FakeCheckouts { Unavailable = "this BTCPay Server's invoice types are not the ones this version of the plugin knows (MissingMethodException); update the Flash plugin" };

        var report = await ProbeSixtySecondInvoicesAsync(new FlashCheckoutRenewal(checkouts, TimeProvider.System, NullLogger<FlashCheckoutRenewal>.Instance));

        var expiry = report.Find(FlashCapabilityKind.InvoiceExpiry)!;
        Assert.Equal(FlashCapabilityVerdict.Limited, expiry.Verdict);
        Assert.Equal("Flash invoices expire after 60 seconds, and this store gives customers 15 minutes to pay. The plugin cannot renew them: " +
            "this BTCPay Server's invoice types are not the ones this version of the plugin knows (MissingMethodException); update the Flash plugin.", expiry.Summary);
        Assert.StartsWith("Turn on lazy payment methods", expiry.Advice, StringComparison.Ordinal);
    }

    private async Task<FlashCapabilityReport> ProbeSixtySecondInvoicesAsync(FlashCheckoutRenewal renewal)
    {
        using var services = new FlashServices();
        var invoice = TestInvoices.Write(expirySeconds: 60);
        Server.Enqueue(
            ScriptedHttpResponse.Data($$$"""{"lnUsdInvoiceCreateOnBehalfOfRecipient":{"invoice":{"paymentHash":"{{{new string('0', 64)}}}","paymentRequest":"{{{invoice}}}","paymentSecret":"{{{new string('1', 64)}}}","satoshis":1},"errors":[]}}"""),
            ScriptedHttpResponse.Data("""{"cashWalletCutover":{"state":"PRE"}}"""));
        var probe = new FlashCapabilityProbe(services.Transports, renewal, TimeProvider.System, NullLogger<FlashCapabilityProbe>.Instance);
        var connection = new FlashStoreConnection { Server = Server.HttpEndpoint, ProvisioningMethod = FlashApiTokenKind.ApiKey };
        return await probe.ProbeAsync(connection, new FlashAccountSummary("shop", Usd, [Usd], null), StoreCheckout.BTCPayDefault, null);
    }

    /// <summary>Renewal with a host whose checkouts bind.</summary>
    private static FlashCheckoutRenewal Renewal { get; } = new(new FakeCheckouts(), TimeProvider.System, NullLogger<FlashCheckoutRenewal>.Instance);

    [Theory]
    [InlineData(60, "60 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(900, "15 minutes")]
    [InlineData(60 * 60, "60 minutes")]
    [InlineData(3 * 60 * 60, "3 hours")]
    public void Durations_are_said_in_words(int seconds, string words) =>
        Assert.Equal(words, FlashCapabilityProbe.Words(TimeSpan.FromSeconds(seconds)));
}
