using BTCPayServer.Plugins.Flash.Lightning;
using Flash.DevHost.Checkout;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NBitcoin;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// A checkout that outlives Flash's short invoices, on the dev host playing BTCPay: Flash as it runs today, with its
/// 60-second cap driven down to <see cref="Cap"/> so the test waits seconds, not minutes. When Flash says the shown
/// BOLT11 expired, the plugin asks the host for a new prompt; the page shows the new BOLT11 and QR code, the old one can
/// no longer be paid, and a payment of the new one is reported Paid.
/// </summary>
public sealed class CheckoutRenewalBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(8);

    private protected override void ConfigureMock(MockFlashServerOptions options)
    {
        options.ApplyProfile(MockFlashServerOptions.FlashTodayProfile);
        options.MaxInvoiceExpiry = Cap;
    }

    [Fact]
    public Task A_checkout_gets_a_new_BOLT11_and_QR_when_Flash_s_expires_and_the_new_one_is_paid() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();
        await Expect(page.Locator("#FlashCapabilities [data-capability='InvoiceExpiry']")).ToHaveTextAsync(
            "Works Flash's invoices last 8 seconds; the plugin renews them while your customer pays, for the store's 15 minutes.");

        await page.GotoAsync("/demo/checkout");
        await page.FillAsync("#AmountSats", "2100");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Unpaid");
        var first = await page.InputValueAsync("#Bolt11");
        var firstQr = await page.GetAttributeAsync("#InvoiceQr", "src");

        await Expect(page.Locator("#Bolt11")).Not.ToHaveValueAsync(first, new LocatorAssertionsToHaveValueOptions { Timeout = 30_000 });
        var renewed = await page.InputValueAsync("#Bolt11");
        var checkoutId = new Uri(page.Url).Segments[^1];
        var checkout = DevHost.Host.Services.GetRequiredService<DemoCheckouts>().Find(checkoutId)!;
        var oldOne = await DevHost.Host.Services.GetRequiredService<MockWallet>().PayAsync(first, CancellationToken.None);
        await page.ClickAsync("#PayWithMock");

        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Paid");
        Assert.NotEqual(firstQr, await page.GetAttributeAsync("#InvoiceQr", "src"));
        Assert.Equal(renewed, await page.GetAttributeAsync("#CopyBolt11", "data-clipboard"));
        Assert.Equal("Expired", oldOne);
        Assert.Equal(2_100_000, Bolt11PaymentRequests.Decode(renewed, Network.RegTest).AmountMilliSatoshi());
        Assert.Equal(2, checkout.Prompts);
    });

    [Fact]
    public Task A_checkout_renewed_after_the_store_reconnected_to_another_account_pays_that_account() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        var checkouts = DevHost.Host.Services.GetRequiredService<DemoCheckouts>();
        var checkout = await checkouts.CreateAsync(2_100, "opened before the reconnect", CancellationToken.None);
        var other = await DevHost.Mock.CreateAccountAsync();

        await page.FillAsync("#DisconnectSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("Flash is disconnected");
        await ConnectInBrowserAsync(sessionToken: other.SessionToken);
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync($"Signed in to Flash as {other.Username}");
        var first = checkout.Bolt11;
        await page.GotoAsync($"/demo/checkout/{checkout.Id}");
        await Expect(page.Locator("#Bolt11")).Not.ToHaveValueAsync(first, new LocatorAssertionsToHaveValueOptions { Timeout = 30_000 });

        var invoices = DevHost.Mock.Services.Invoices;
        var renewed = await invoices.FindByRequestAsync(checkout.Bolt11, CancellationToken.None);
        var before = await BalancesAsync();
        await page.ClickAsync("#PayWithMock");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Paid");
        var after = await BalancesAsync();

        // The new prompt is made on the connection the store has now: only the new account's wallet grows.
        Assert.Contains(other.Wallets, w => w.Id == renewed!.WalletId);
        Assert.Equal([renewed!.WalletId], after.Where(w => w.Value > before[w.Key]).Select(w => w.Key));
    });

    private async Task<Dictionary<string, decimal>> BalancesAsync() =>
        (await DevHost.Mock.Services.Accounts.AllWalletsAsync(CancellationToken.None)).ToDictionary(w => w.Id, w => w.Balance, StringComparer.Ordinal);
}
