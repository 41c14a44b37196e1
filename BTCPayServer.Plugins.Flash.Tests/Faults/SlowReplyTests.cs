using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 5: Flash answers later than BTCPay's five seconds for CreateInvoice. The plugin gives the
/// request up the moment BTCPay's budget runs out, so BTCPay says its own plain sentence instead of waiting for the
/// plugin's 30-second attempt timeout, and the next checkout works. BTCPay's five seconds run on a fake clock here,
/// moved on once the slow request is in Flash's hands.
/// </summary>
public sealed class SlowReplyTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reply_slower_than_BTCPay_s_five_seconds_is_given_up_with_BTCPay_s_sentence_and_the_next_invoice_works(bool walletKnown)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        if (walletKnown)
            await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "warm", TimeSpan.FromMinutes(15));
        var btcpayClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The next request (the account, or the invoice itself once the wallet is known) waits two minutes.
        mock.Server.Services.Faults.Arm(new Fault(FaultKind.Delay, Remaining: 1, DelayMilliseconds: 120_000));

        var checkout = BTCPayCheckout.CreateInvoiceAsync(store.NewClient(), LightMoney.Satoshis(1_000), time: btcpayClock);
        while (mock.Server.Services.Faults.TryPeek() is not null)
            await Task.Delay(10);
        btcpayClock.Advance(BTCPayCheckout.LightningTimeout);
        var (given, error) = await checkout.WaitAsync(Wait);
        var (next, nextError) = await BTCPayCheckout.CreateInvoiceAsync(store.NewClient(), LightMoney.Satoshis(1_000));

        Assert.Null(given);
        Assert.Equal("The lightning node did not reply in a timely manner", error);
        Assert.Null(nextError);
        Assert.Equal(LightMoney.Satoshis(1_000), next!.Amount);
    }
}
