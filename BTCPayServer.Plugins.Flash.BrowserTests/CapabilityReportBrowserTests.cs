using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>The capability report against the default mock: a <c>flash_</c> token of Flash's API token service, every capability working.</summary>
public sealed class CapabilityReportBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public Task Against_the_api_token_service_everything_works_and_the_report_says_so() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();

        await Expect(Capability(page, "Credential")).ToHaveTextAsync("Works The store uses a Flash API token (flash_), created over the WebSocket.");
        await Expect(Capability(page, "Receive")).ToHaveTextAsync("Works Payments are received in the account's USD wallet.");
        await Expect(Capability(page, "InvoiceExpiry")).ToHaveTextAsync("Works Flash's invoices last as long as the store's checkout (15 minutes).");
        await Expect(Capability(page, "DescriptionHash")).ToHaveTextAsync("Works LNURL-pay and Lightning Address work: Flash keeps the description hash that wallets check.");
        await Expect(Capability(page, "CashWallet")).ToHaveTextAsync("Limited Flash is moving USD wallets to USDT: payments keep going to this account's dollar wallet.");
        await ScreenshotForDocsAsync("capabilities-default");
    });

    [Fact]
    public Task Test_connection_checks_again_and_dates_the_report() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var first = (await DevHost.StoredConnectionAsync()).Capabilities!.CheckedAt;
        DevHost.Mock.Services.CashWallets.State = global::Flash.MockServer.CashWallet.CashWalletCutover.Parse("COMPLETE")!.Value;

        await OpenSettingsAsync();
        await page.ClickAsync("#FlashTest");

        await Expect(Capability(page, "CashWallet")).ToHaveTextAsync("Works Flash has moved USD wallets to USDT: dollar payments go to the account's USDT wallet.");
        Assert.True((await DevHost.StoredConnectionAsync()).Capabilities!.CheckedAt > first);
    });

    private static ILocator Capability(IPage page, string kind) => page.Locator($"#FlashCapabilities [data-capability='{kind}']");
}
