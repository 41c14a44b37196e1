using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
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
        var probe = new FlashCapabilityProbe(services.Transports, TimeProvider.System, NullLogger<FlashCapabilityProbe>.Instance);
        var connection = new FlashStoreConnection { Server = Server.HttpEndpoint, ProvisioningMethod = ProvisioningMethod.HttpApiKeyCreate };

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
        var probe = new FlashCapabilityProbe(services.Transports, TimeProvider.System, NullLogger<FlashCapabilityProbe>.Instance);
        var connection = new FlashStoreConnection { Server = Server.HttpEndpoint, ProvisioningMethod = ProvisioningMethod.WebSocketApiTokenCreate };

        var report = await probe.ProbeAsync(connection, null, StoreCheckout.BTCPayDefault, "Flash could not be asked");

        Assert.Equal("Whether the wallet can receive was not checked: the account could not be read (Flash could not be asked).", report.Find(FlashCapabilityKind.Receive)!.Summary);
        Assert.Equal(FlashCapabilityVerdict.Unknown, report.Find(FlashCapabilityKind.CashWallet)!.Verdict);
        Assert.StartsWith("Flash did not say whether it is moving USD wallets to USDT (The server failed to handle the request", report.Find(FlashCapabilityKind.CashWallet)!.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, "60 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(900, "15 minutes")]
    [InlineData(60 * 60, "60 minutes")]
    [InlineData(3 * 60 * 60, "3 hours")]
    public void Durations_are_said_in_words(int seconds, string words) =>
        Assert.Equal(words, FlashCapabilityProbe.Words(TimeSpan.FromSeconds(seconds)));
}
