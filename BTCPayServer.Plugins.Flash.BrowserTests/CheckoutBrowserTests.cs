using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Lightning;
using Flash.DevHost.Checkout;
using Flash.DevHost.Store;
using Microsoft.Extensions.DependencyInjection;
using NBitcoin;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// The demo store taking payments through the plugin's Lightning client, obtained as BTCPay obtains it: the store's
/// connection string (<c>type=flash;...;connection=demo-store</c>) given to the registered
/// <c>ILightningConnectionStringHandler</c>s. These need the plugin's <c>FlashConnectionStringHandler</c> registered in
/// <c>FlashPlugin.Execute</c> and resolving <c>connection=</c> from the settings the page saves.
/// </summary>
public sealed class CheckoutBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public Task Connect_then_checkout_then_pay_with_the_mock_wallet_shows_paid() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync();
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();

        await page.ClickAsync("text=Checkout");
        await page.FillAsync("#AmountSats", "2100");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Unpaid");
        Assert.StartsWith("lnbcrt21u", await page.InputValueAsync("#Bolt11"), StringComparison.Ordinal);
        await Expect(page.Locator("#InvoiceQr")).ToBeVisibleAsync();

        await page.ClickAsync("#PayWithMock");

        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Paid");
        await ScreenshotForDocsAsync("checkout-paid");
        await AssertNoSecretSeenAsync();
    });

    [Fact]
    public async Task Lnurl_pay_callback_invoice_commits_to_the_hash_of_the_metadata()
    {
        await DevHost.ConnectAsync();
        using var http = new HttpClient { BaseAddress = DevHost.Host.BaseUri };

        var payRequest = await http.GetFromJsonAsync<JsonElement>("/.well-known/lnurlp/demo");
        Assert.Equal("payRequest", payRequest.GetProperty("tag").GetString());
        var metadata = payRequest.GetProperty("metadata").GetString()!;
        Assert.Equal("text/plain", JsonDocument.Parse(metadata).RootElement[0][0].GetString());
        var callback = payRequest.GetProperty("callback").GetString()!;
        var answer = await http.GetFromJsonAsync<JsonElement>(callback + "?amount=21000");

        Assert.False(answer.TryGetProperty("reason", out var reason), $"The callback answered an error: {reason}");
        Assert.Equal(0, answer.GetProperty("routes").GetArrayLength());
        var invoice = Bolt11PaymentRequests.Decode(answer.GetProperty("pr").GetString()!, Network.RegTest);
        Assert.Equal(21_000, invoice.AmountMilliSatoshi());
        // LUD-06: the invoice commits to the metadata it was asked for by the SHA-256 of its UTF-8 bytes.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(metadata))), invoice.DescriptionHashText());
    }

    [Fact]
    public Task While_Flash_cannot_be_asked_a_new_checkout_says_why_and_an_open_one_still_shows_its_invoice() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var open = await DevHost.Host.Services.GetRequiredService<DemoCheckouts>().CreateAsync(1000, "before the outage", CancellationToken.None);
        DevHost.Mock.Services.Faults.Arm(new global::Flash.MockServer.Hosting.Fault(global::Flash.MockServer.Hosting.FaultKind.HttpStatus, Remaining: 100));

        await page.GotoAsync("/demo/checkout");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#CheckoutError")).ToHaveTextAsync(
            $"Flash's server failed to handle the request: try again in a moment (server {DevHost.Mock.GraphQLUri.Authority}, HTTP 503)");
        // As on BTCPay, an open checkout's page reads the checkout, not Flash: it still shows its invoice.
        await page.GotoAsync($"/demo/checkout/{open.Id}");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Unpaid");
        Assert.Equal(open.Bolt11, await page.InputValueAsync("#Bolt11"));
    });

    [Fact]
    public Task A_token_revoked_at_checkout_puts_the_reconnect_banner_on_the_settings_page() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var connection = await DevHost.StoredConnectionAsync();
        await DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>()
            .RevokeAsync(connection.ToEndpoints(), DevHost.SessionToken, connection.ProvisioningMethod, connection.TokenId);

        await page.GotoAsync("/demo/checkout");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#CheckoutError")).ToContainTextAsync("Reconnect Flash");

        await OpenSettingsAsync();
        await Expect(page.Locator("#FlashReconnect")).ToContainTextAsync("Flash refused this store's API token");
        Assert.NotNull((await DevHost.Connections.GetAsync(DemoStore.DemoId))!.TokenRejectedAt);
    });
}
