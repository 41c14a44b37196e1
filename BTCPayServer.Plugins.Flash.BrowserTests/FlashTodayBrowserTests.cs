using System.Net.Http.Json;
using System.Text.Json;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Store;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NBitcoin;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// A store owner connecting Flash as it runs today (the mock's <c>flash-today</c> profile: <c>fk_</c> API keys over HTTP,
/// no BTC receive, 60-second invoices, description hashes dropped): the settings page says what works and what to
/// do, a BTC wallet is refused at connect, a dollar-wallet checkout is paid and reported, and LNURL fails with the
/// sentence the page predicted.
/// </summary>
public sealed class FlashTodayBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private protected override void ConfigureMock(MockFlashServerOptions options) => options.ApplyProfile(MockFlashServerOptions.FlashTodayProfile);

    [Fact]
    public Task The_capability_report_says_what_works_with_Flash_today_and_what_to_do() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();

        await Expect(Capability(page, "Credential")).ToHaveTextAsync("Works The store uses a Flash API key (fk_), created over HTTP: the way Flash works today.");
        await Expect(Capability(page, "Receive")).ToHaveTextAsync("Works Payments are received in the account's USD wallet.");
        await Expect(Capability(page, "InvoiceExpiry")).ToHaveTextAsync(
            "Works Flash's invoices last 60 seconds; the plugin renews them while your customer pays, for the store's 15 minutes.");
        await Expect(Capability(page, "DescriptionHash")).ToHaveTextAsync(
            "Does not work LNURL-pay and Lightning Address cannot work with this server: Flash drops the description hash, and wallets reject such invoices. " +
            "Turn off LNURL in the store's Lightning payment settings, so customers are not offered it.");
        await Expect(Capability(page, "CashWallet")).ToHaveTextAsync("Limited Flash is moving USD wallets to USDT: payments keep going to this account's dollar wallet.");
        await Expect(page.Locator("#FlashCapabilities")).ToContainTextAsync("Checked ");
        await ScreenshotForDocsAsync("capabilities-flash-today");
        await AssertNoSecretSeenAsync();
    });

    [Fact]
    public Task A_BTC_wallet_is_refused_at_connect_with_Flash_s_reason_and_the_dollar_wallet_alternative() => RunAsync(async page =>
    {
        await OpenSettingsAsync();
        await page.FillAsync("#Connect_SessionToken", DevHost.SessionToken);
        await page.SelectOptionAsync("#Connect_ReceiveIn", "BtcWallet");
        await page.ClickAsync("#FlashConnect");

        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(
            $"Flash at {DevHost.Mock.GraphQLUri.Authority} was not connected. Flash does not receive into this account's BTC wallet: it answered \"Flash does not support BTC wallets.\". " +
            "Connect again with \"Receive in: dollar wallet (USD or USDT)\".");
        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
        // The key made for the refused connection was revoked again: nothing is left behind on Flash.
        var keys = await DevHost.Mock.Services.Credentials.ListAsync(DevHost.Mock.Demo.AccountId, global::Flash.MockServer.Storage.CredentialKind.ApiKey, CancellationToken.None);
        Assert.Single(keys);
        Assert.All(keys, k => Assert.Equal(global::Flash.MockServer.Storage.CredentialStatus.Revoked, k.StatusAt(DateTimeOffset.UtcNow)));
    });

    [Fact]
    public Task A_dollar_wallet_checkout_is_paid_and_reported_and_LNURL_fails_as_the_page_predicted() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();
        await Expect(Capability(page, "DescriptionHash")).ToContainTextAsync("Does not work");

        await page.GotoAsync("/demo/checkout");
        await page.FillAsync("#AmountSats", "2100");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Unpaid");
        await page.ClickAsync("#PayWithMock");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Paid");

        using var http = new HttpClient { BaseAddress = DevHost.Host.BaseUri };
        var payRequest = await http.GetFromJsonAsync<JsonElement>("/.well-known/lnurlp/demo");
        var answer = await http.GetFromJsonAsync<JsonElement>(payRequest.GetProperty("callback").GetString() + "?amount=21000");
        Assert.Equal("ERROR", answer.GetProperty("status").GetString());
        Assert.Equal(
            "LNURL-pay and Lightning Address cannot work with this server: Flash drops the description hash, and wallets reject such invoices. " +
            $"Turn off LNURL in the store's Lightning payment settings (server {DevHost.Mock.GraphQLUri.Authority})",
            answer.GetProperty("reason").GetString());
    });

    private static ILocator Capability(IPage page, string kind) => page.Locator($"#FlashCapabilities [data-capability='{kind}']");
}
