using System.Text.RegularExpressions;
using Flash.DevHost.Store;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// The plugin's entry in BTCPay's store navigation ("store-integrations-nav"): shown, with its icon, only to users who
/// may modify the store's settings, as BTCPay's own entries carry their permission.
/// </summary>
public sealed class StoreNavigationBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public Task A_visitor_and_a_store_manager_who_may_not_modify_the_store_see_no_Flash_entry() => RunAsync(async page =>
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("#SignedInAs")).ToContainTextAsync("not signed in");
        await Expect(page.Locator("#StoreIntegrationsNav li")).ToHaveCountAsync(0);

        await page.GotoAsync("/login?as=store-manager&returnUrl=/");
        await Expect(page.Locator("#SignedInAs")).ToContainTextAsync("signed in as manager@demo.local");
        // The manager sees the store (BTCPay's Manager role may view its settings), but not what needs more.
        await Expect(page.Locator("#menu-item-Dashboard")).ToBeVisibleAsync();
        await Expect(page.Locator("#menu-item-Lightning")).ToHaveCountAsync(0);
        await Expect(page.Locator("#StoreIntegrationsNav li")).ToHaveCountAsync(0);

        // With the manager's cookie, as the browser would ask (the page is an empty 403, which Chromium will not show).
        var settings = await page.APIRequest.GetAsync(DevHost.SettingsPath.ToString());
        Assert.Equal(403, settings.Status);
    });

    [Fact]
    public Task The_store_owner_sees_the_Flash_entry_with_its_icon_marked_active_on_the_Flash_page() => RunAsync(async page =>
    {
        await page.GotoAsync("/login?as=store-user&returnUrl=/");

        var link = page.Locator("#StoreIntegrationsNav > li.nav-item > a#menu-item-Flash");
        await Expect(link).ToBeVisibleAsync();
        await Expect(link).ToHaveClassAsync("menu-item nav-link");
        await Expect(link).ToHaveTextAsync("Flash");
        var icon = link.Locator("svg.icon.icon-lightning");
        await Expect(icon.Locator("use")).ToHaveAttributeAsync("href", "/img/icon-sprite.svg#lightning");
        var box = await icon.BoundingBoxAsync();
        Assert.True(box is { Width: > 0, Height: > 0 }, "The icon takes no space on the page");

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(DevHost.SettingsPath.ToString())}$"));
        await Expect(page.Locator("#menu-item-Flash")).ToHaveClassAsync(new Regex(@"\bactive\b"));
    });
}
