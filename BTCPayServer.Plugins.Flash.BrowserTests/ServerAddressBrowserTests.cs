using BTCPayServer.Plugins.Flash.Tests.Connectivity;
using Flash.DevHost.Store;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// BTCPay's address rule on the Flash page, in a real browser: a store user who does not administer the server
/// cannot make it connect to the embedded mock on 127.0.0.1, not by connecting nor through the buttons of a store
/// the owner connected, and nothing reaches the mock; the owner, who administers the server, still can.
/// </summary>
public sealed class ServerAddressBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private string StoreUserLogin => $"/login?as=store-user&returnUrl={DevHost.SettingsPath}";

    [Fact]
    public Task A_store_user_cannot_connect_the_store_to_a_local_address_and_nothing_reaches_it() => RunAsync(async page =>
    {
        await page.GotoAsync(StoreUserLogin);
        var before = MockRequests();

        await ConnectInBrowserAsync();
        await Expect(ServerError(page)).ToHaveTextAsync(ServerAddressRefusals.Local("127.0.0.1"));
        await Expect(page.Locator("#Connect_Server")).ToHaveValueAsync(DevHost.Mock.GraphQLUri.ToString());
        await ConnectInBrowserAsync(server: $"http://localhost:{DevHost.Mock.BaseUri.Port}/graphql");
        await Expect(ServerError(page)).ToHaveTextAsync(ServerAddressRefusals.Local("localhost"));

        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
        Assert.Empty(await DevHost.Mock.Services.Audit.ReadAsync(DevHost.Mock.Demo.AccountId, null, CancellationToken.None));
        Assert.Equal(before, MockRequests());
        await AssertNoSecretSeenAsync();
    });

    [Fact]
    public Task A_store_user_cannot_test_list_rotate_or_disconnect_a_store_the_owner_connected_to_a_local_address() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var connected = await DevHost.StoredConnectionAsync();
        var audit = await DevHost.Mock.Services.Audit.ReadAsync(DevHost.Mock.Demo.AccountId, null, CancellationToken.None);
        await page.GotoAsync(StoreUserLogin);
        var before = MockRequests();
        var refusal = ServerAddressRefusals.Local("127.0.0.1");

        await page.ClickAsync("#FlashTest");
        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(refusal);
        await page.FillAsync("#TokensSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashListTokens");
        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(refusal);
        await Expect(page.Locator("#FlashTokenTable")).ToHaveCountAsync(0);
        await page.FillAsync("#RotateSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashRotate");
        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(refusal);
        await page.FillAsync("#DisconnectSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(refusal);

        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        var after = await DevHost.StoredConnectionAsync();
        Assert.Equal(connected.TokenId, after.TokenId);
        Assert.Equal(connected.ProtectedToken, after.ProtectedToken);
        Assert.Equal(connected.LastCheck?.CheckedAt, after.LastCheck?.CheckedAt);
        Assert.Equal(audit, await DevHost.Mock.Services.Audit.ReadAsync(DevHost.Mock.Demo.AccountId, null, CancellationToken.None));
        Assert.Equal(before, MockRequests());
        await AssertNoSecretSeenAsync();
    });

    [Fact]
    public Task The_owner_who_administers_the_server_still_connects_to_the_embedded_mock() => RunAsync(async page =>
    {
        var before = MockRequests();

        await ConnectInBrowserAsync();

        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        // The count that stays put for the store user moves as soon as the mock is asked.
        Assert.True(MockRequests() > before);
    });

    private static ILocator ServerError(IPage page) => page.Locator("[data-valmsg-for='Connect.Server']");

    /// <summary>Requests the embedded mock has started to serve (its hosting log, captured with the dev host's).</summary>
    private int MockRequests()
    {
        var mock = DevHost.Mock.BaseUri.Authority;
        return DevHost.Logs.Entries.Count(e => e.Contains("Request starting", StringComparison.Ordinal) && e.Contains(mock, StringComparison.Ordinal));
    }
}
