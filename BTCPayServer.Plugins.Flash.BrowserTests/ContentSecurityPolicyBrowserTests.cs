using Flash.DevHost.Store;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// BTCPay's content security policy (<c>script-src 'self'</c>: scripts only from the site's files, none inline), as
/// the dev host sends it on every page, and the browser tests' watch over it: a script BTCPay would block is blocked
/// here, and the test that meets it fails.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const string BTCPayPolicy = "script-src 'self'";

    [Fact]
    public Task Every_page_of_connecting_setting_up_and_paid_checkout_is_sent_with_BTCPay_s_policy_and_runs_under_it() => RunAsync(async page =>
    {
        var documents = new List<(string Url, string? Policy)>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && response.Status == 200)
                documents.Add((new Uri(response.Url).AbsolutePath, response.Headers.GetValueOrDefault("content-security-policy")));
        };

        await page.GotoAsync("/login?returnUrl=/");
        await page.ClickAsync("#menu-item-Flash");
        await page.FillAsync("#Connect_SessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashConnect");
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await page.ClickAsync("#menu-item-Lightning");
        await page.ClickAsync("#CustomNodeFlashHeader button");
        await Expect(page.Locator("#FlashSetupConnectionString")).ToBeVisibleAsync();
        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/LTC/setup");
        await page.ClickAsync("#menu-item-Checkout");
        await page.ClickAsync("#CreateInvoice");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Unpaid");
        // The invoice page's own script (a file of the site now) pays and follows the status.
        await page.ClickAsync("#PayWithMock");
        await Expect(page.Locator("#InvoiceStatus")).ToHaveTextAsync("Paid");

        Assert.Equal(
            ["/", "/plugins/demo-store/flash", "/plugins/demo-store/flash", "/stores/demo-store/lightning/BTC/setup",
             "/stores/demo-store/lightning/LTC/setup", "/demo/checkout", documents[^1].Url],
            documents.Select(d => d.Url));
        Assert.StartsWith("/demo/checkout/", documents[^1].Url, StringComparison.Ordinal);
        Assert.All(documents, d => Assert.Equal(BTCPayPolicy, d.Policy));
    });

    [Fact]
    public Task An_inline_script_or_event_handler_is_blocked_and_reported_to_the_test() => RunAsync(async page =>
    {
        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");

        // What the plugin's setup extension used to render: an inline script, and the dev host's inline onsubmit.
        await page.EvaluateAsync("""
            () => {
                const script = document.createElement("script");
                script.textContent = "window.flashInlineScriptRan = true";
                document.body.appendChild(script);
                document.body.insertAdjacentHTML("beforeend", '<button id="InlineHandler" onclick="window.flashInlineHandlerRan = true">x</button>');
            }
            """);
        await page.ClickAsync("#InlineHandler");

        Assert.True(await page.EvaluateAsync<bool>("() => window.flashInlineScriptRan === undefined && window.flashInlineHandlerRan === undefined"));
        var violations = await TakeCspViolationsAsync();
        Assert.Contains(violations, v => v.StartsWith("securitypolicyviolation: script-src-elem blocked inline", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("securitypolicyviolation: script-src-attr blocked inline", StringComparison.Ordinal));
    });
}
