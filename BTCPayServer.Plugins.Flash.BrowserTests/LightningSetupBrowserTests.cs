using Flash.DevHost.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// The plugin's part of BTCPay's Lightning setup page (the "ln-payment-method-setup-custom" point, in the custom node
/// tab under the connection string field): on BTC's page only, and working without a script of its own.
/// </summary>
public sealed class LightningSetupBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public Task The_Flash_entry_is_on_the_BTC_page_and_not_on_another_chain_s() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();

        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");
        await Expect(page.Locator("#CustomSetup #FlashCustomNode")).ToBeVisibleAsync();
        await Expect(page.Locator("#CustomSetup #FlashSetupConnectionString")).ToHaveCountAsync(1);

        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/LTC/setup");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect to a Lightning node (LTC)" })).ToBeVisibleAsync();
        await Expect(page.Locator("#CustomSetup #ConnectionString")).ToBeVisibleAsync();
        await Expect(page.Locator("#CustomSetup #CustomNodeSupport")).ToBeVisibleAsync();
        await Expect(page.Locator("#FlashCustomNode")).ToHaveCountAsync(0);
        Assert.DoesNotContain("type=flash", await page.ContentAsync(), StringComparison.Ordinal);
    });

    [Fact]
    public Task The_copy_button_copies_the_store_s_connection_string() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var connectionString = await DevHost.Host.Services.GetRequiredService<DemoStoreLightning>().ConnectionStringAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");
        await page.ClickAsync("#CustomNodeFlashHeader button");
        await page.ClickAsync("#FlashSetupCopy");

        await Expect(page.Locator("#FlashSetupCopy")).ToHaveTextAsync("Copied");
        Assert.Equal(connectionString, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    });
}
