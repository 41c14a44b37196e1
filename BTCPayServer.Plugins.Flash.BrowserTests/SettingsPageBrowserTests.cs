using System.Net;
using System.Net.Sockets;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>The store owner's Flash page in a real browser, from the store navigation to every error in plain words.</summary>
public sealed class SettingsPageBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    [Fact]
    public Task Connecting_with_the_demo_session_token_shows_the_connection_and_its_last_check() => RunAsync(async page =>
    {
        // The store's owner, as BTCPay shows the Flash entry only to users who may modify the store.
        await page.GotoAsync("/login?returnUrl=/");
        await page.ClickAsync("#menu-item-Flash");
        await Expect(page.Locator("#FlashScopesRequested")).ToContainTextAsync("Create invoices for your store's checkouts");
        await Expect(page.Locator("#Connect_TokenName")).ToHaveValueAsync("BTCPay Server Demo Store");

        await page.FillAsync("#Connect_SessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashConnect");

        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("Flash is connected");
        await Expect(page.Locator("#FlashDialect")).ToHaveTextAsync("Flash API token (flash_, created over the WebSocket)");
        await Expect(page.Locator("#FlashScopes")).ToContainTextAsync("write");
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync("Signed in to Flash as demo; payments go to the USD wallet");
        await Expect(page.Locator("#FlashConnectionString")).ToHaveValueAsync(LightningConnectionString());
        await Expect(page.Locator("#FlashConnectForm")).ToHaveCountAsync(0);
        await ScreenshotForDocsAsync("settings-connected");

        await page.ClickAsync("#FlashTest");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("Signed in to Flash as demo");
        await AssertNoSecretSeenAsync();
    });

    [Fact]
    public Task A_wrong_session_token_is_refused_in_plain_words_and_nothing_is_stored() => RunAsync(async page =>
    {
        await ConnectInBrowserAsync(sessionToken: "ory_st_thisIsNotAValidSessionToken000000");

        await Expect(page.Locator("#FlashError")).ToContainTextAsync("did not accept the session token: sign in to Flash again");
        await Expect(page.Locator("#Connect_SessionToken")).ToHaveValueAsync("");
        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
        await AssertNoSecretSeenAsync("ory_st_thisIsNotAValidSessionToken000000");
    });

    [Fact]
    public Task An_unreachable_server_is_named_in_the_error() => RunAsync(async page =>
    {
        var closed = ClosedLoopbackPort();

        await ConnectInBrowserAsync(server: $"http://127.0.0.1:{closed}/graphql");

        await Expect(page.Locator("#FlashError")).ToContainTextAsync($"Could not reach Flash at 127.0.0.1:{closed}");
        await Expect(page.Locator("#Connect_Server")).ToHaveValueAsync($"http://127.0.0.1:{closed}/graphql");
    });

    [Fact]
    public Task Refused_scopes_are_explained() => RunAsync(async page =>
    {
        await using var flash = await ScriptedServer.StartAsync();
        flash.RejectWebSocketStatus = 404;
        flash.Enqueue(ScriptedHttpResponse.Data("""{"apiKeyCreate":{"apiKey":null,"errors":[{"code":"SCOPE_NOT_ALLOWED","message":"write_wallet is not allowed"}]}}"""));

        await ConnectInBrowserAsync(server: flash.HttpEndpoint.ToString());

        await Expect(page.Locator("#FlashError")).ToContainTextAsync("refused the permissions the plugin needs");
    });

    [Fact]
    public Task At_the_token_limit_the_list_opens_and_revoking_one_makes_room() => RunAsync(async page =>
    {
        await using var flash = await MockServerHarness.StartAsync(configure: o => o.MaxActiveTokensPerAccount = 1);
        await DevHost.Host.Services.GetRequiredService<ApiTokenProvisioner>().ProvisionAsync(FlashEndpoints.For(flash.Server.GraphQLUri), flash.SessionToken, new ApiTokenRequest("Old laptop", null));

        await ConnectInBrowserAsync(server: flash.Server.GraphQLUri.ToString(), sessionToken: flash.SessionToken);
        await Expect(page.Locator("#FlashError")).ToContainTextAsync("already has the most API tokens allowed: revoke one");
        await Expect(page.Locator("#FlashTokens")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("border-warning"));

        await page.FillAsync("#TokensSessionToken", flash.SessionToken);
        await page.ClickAsync("#FlashListTokens");
        var row = page.Locator("#FlashTokenTable tr", new() { HasText = "Old laptop" });
        await Expect(row).ToContainTextAsync("ACTIVE");

        await page.FillAsync("#TokensSessionToken", flash.SessionToken);
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("The token was revoked");
        await Expect(page.Locator("#FlashTokenTable tr", new() { HasText = "Old laptop" })).ToContainTextAsync("REVOKED");

        await page.FillAsync("#Connect_SessionToken", flash.SessionToken);
        await page.ClickAsync("#FlashConnect");
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await AssertNoSecretSeenAsync(flash.SessionToken);
    });

    [Fact]
    public Task Revoking_a_token_revoked_meanwhile_says_Flash_does_not_know_it() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var administration = DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>();
        var endpoints = FlashEndpoints.For(DevHost.Mock.GraphQLUri);
        var laptop = await DevHost.Host.Services.GetRequiredService<ApiTokenProvisioner>()
            .ProvisionAsync(endpoints, DevHost.SessionToken, new ApiTokenRequest("Old laptop", null));
        await OpenSettingsAsync();
        await page.FillAsync("#TokensSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashListTokens");
        var row = page.Locator("#FlashTokenTable tr", new() { HasText = "Old laptop" });
        await Expect(row).ToContainTextAsync("ACTIVE");

        // In another window, or by someone else.
        await administration.RevokeAsync(endpoints, DevHost.SessionToken, laptop.Token.Kind, laptop.Id);
        await page.FillAsync("#TokensSessionToken", DevHost.SessionToken);
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(
            $"Flash ({endpoints.Server}) does not know that token: it may have been revoked already. Refresh the list of tokens.");
        await AssertNoSecretSeenAsync(laptop.Token.Value);
    });

    [Fact]
    public Task Token_names_from_Flash_are_shown_without_their_invisible_characters() => RunAsync(async page =>
    {
        await using var flash = await ScriptedServer.StartAsync();
        flash.RejectWebSocketStatus = 404;
        flash.Enqueue(
            ScriptedHttpResponse.Data("""{"apiKeyCreate":{"apiKey":null,"errors":[{"code":"TOO_MANY_API_KEYS","message":"Limit reached"}]}}"""),
            ScriptedHttpResponse.Data("""
                {"apiKeys":[{"id":"k1","keyId":"0a1b2c3d","name":"Shop \u202Epohs\u202C\u200B","scopes":["read_user"],"createdAt":1,"expiresAt":null,"lastUsedAt":null,"status":"ACTIVE"}]}
                """));

        await ConnectInBrowserAsync(server: flash.HttpEndpoint.ToString());
        await Expect(page.Locator("#FlashError")).ToContainTextAsync("already has the most API tokens allowed");
        await page.FillAsync("#TokensSessionToken", "ory_st_session");
        await page.ClickAsync("#FlashListTokens");

        var name = page.Locator("#FlashTokenTable tr[data-token-id='k1'] td").First;
        Assert.Equal("Shop \uFFFDpohs\uFFFD\uFFFD", (await name.InnerTextAsync()).Trim());
        Assert.DoesNotContain('\u202E', await page.ContentAsync());
    });

    [Fact]
    public Task A_changed_key_ring_asks_to_reconnect_and_reconnecting_works() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        using var otherKeys = new KeyRing();
        var connection = await DevHost.StoredConnectionAsync();
        connection.ProtectedToken = new ApiTokenProtector(otherKeys.Provider).Protect(FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate()));
        await DevHost.Connections.SaveAsync(DemoStore.DemoId, connection);

        await OpenSettingsAsync();
        await Expect(page.Locator("#FlashReconnect")).ToContainTextAsync("cannot be decrypted (the server's data protection keys changed). Reconnect Flash");
        await page.FillAsync("#Connect_SessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashConnect");

        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await Expect(page.Locator("#FlashReconnect")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task A_token_revoked_elsewhere_is_detected_by_the_test_and_a_banner_asks_to_reconnect() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var connection = await DevHost.StoredConnectionAsync();
        var administration = DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>();
        await administration.RevokeAsync(connection.ToEndpoints(), DevHost.SessionToken, connection.ProvisioningMethod, connection.TokenId);

        await OpenSettingsAsync();
        await page.ClickAsync("#FlashTest");

        await Expect(page.Locator("#FlashReconnect")).ToContainTextAsync("Flash refused this store's API token");
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync("Failed");
        await Expect(page.Locator("#FlashConnectForm")).ToBeVisibleAsync();
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("Flash is disconnected");
    });

    [Fact]
    public Task Rotating_replaces_the_stored_token_and_the_old_one_stops_working() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var before = await DevHost.SecretsAsync();

        await OpenSettingsAsync();
        await page.FillAsync("#RotateSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashRotate");

        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("The token was rotated");
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync("OK");
        var after = await DevHost.SecretsAsync();
        Assert.NotEqual(before[2], after[2]);
        await AssertNoSecretSeenAsync([.. before]);
    });

    [Fact]
    public Task Revoke_and_disconnect_revokes_the_token_on_Flash_and_forgets_the_connection() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync();
        var connection = await DevHost.StoredConnectionAsync();

        await OpenSettingsAsync();
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashError")).ToContainTextAsync("Paste the session token of your Flash sign-in");
        await page.FillAsync("#DisconnectSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashDisconnect");

        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("revoked on Flash and Flash is disconnected");
        await Expect(page.Locator("#FlashConnectForm")).ToBeVisibleAsync();
        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
        var tokens = await DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>()
            .ListAsync(connection.ToEndpoints(), DevHost.SessionToken, connection.ProvisioningMethod);
        Assert.False(tokens.Single(t => t.Id == connection.TokenId).IsActive);
    });

    [Fact]
    public Task A_token_expiring_within_14_days_is_warned_about() => RunAsync(async page =>
    {
        await DevHost.ConnectAsync(TimeSpan.FromDays(5));

        await OpenSettingsAsync();

        await Expect(page.Locator("#FlashExpiryWarning")).ToContainTextAsync("expires in 5 day(s)");
    });

    [Fact]
    public Task The_lightning_setup_custom_node_tab_offers_the_connection_string_to_copy() => RunAsync(async page =>
    {
        // Rendered by BTCPay's "ln-payment-method-setup-custom" point, inside the custom node tab: no script moves it there.
        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");
        await page.ClickAsync("#CustomSetup #CustomNodeFlashHeader button");
        await Expect(page.Locator("#CustomNodeFlashContent")).ToContainTextAsync("connect your Flash wallet in the store's Flash settings");
        await Expect(page.Locator("#CustomNodeFlashContent code")).ToHaveCountAsync(0);
        await page.ClickAsync("#CustomNodeFlashContent a");
        await Expect(page.Locator("#FlashConnectForm")).ToBeVisibleAsync();

        await DevHost.ConnectAsync();
        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");
        await page.ClickAsync("#CustomSetup #CustomNodeFlashHeader button");
        await Expect(page.Locator("#CustomSetup #FlashSetupConnectionString")).ToHaveValueAsync(LightningConnectionString());
    });

    [Fact]
    public Task No_rendered_state_of_the_page_holds_a_token_the_session_or_the_protected_blob() => RunAsync(async page =>
    {
        var states = new List<string>();
        async Task Keep() => states.Add(await page.ContentAsync());
        var secrets = new List<string> { DevHost.SessionToken };

        await OpenSettingsAsync();
        await Keep();
        await ConnectInBrowserAsync(sessionToken: "ory_st_wrongwrongwrongwrongwrongwrong");
        await Expect(page.Locator("#FlashError")).ToBeVisibleAsync();
        await Keep();
        await ConnectInBrowserAsync();
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await Keep();
        secrets.AddRange(await DevHost.SecretsAsync());
        await page.ClickAsync("#FlashTest");
        await Expect(page.Locator("#FlashSuccess")).ToBeVisibleAsync();
        await Keep();
        await page.FillAsync("#TokensSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashListTokens");
        await Expect(page.Locator("#FlashTokenTable")).ToBeVisibleAsync();
        await Keep();
        await page.FillAsync("#RotateSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashRotate");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("rotated");
        await Keep();
        secrets.AddRange(await DevHost.SecretsAsync());
        await page.GotoAsync($"/stores/{DemoStore.DemoId}/lightning/BTC/setup");
        await Keep();
        await page.GotoAsync("/");
        await Keep();
        var connection = await DevHost.StoredConnectionAsync();
        await DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>()
            .RevokeAsync(connection.ToEndpoints(), DevHost.SessionToken, connection.ProvisioningMethod, connection.TokenId);
        await OpenSettingsAsync();
        await page.ClickAsync("#FlashTest");
        await Expect(page.Locator("#FlashReconnect")).ToBeVisibleAsync();
        await Keep();
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashConnectForm")).ToBeVisibleAsync();
        await Keep();

        foreach (var state in states)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, state, StringComparison.Ordinal);
        await AssertNoSecretSeenAsync([.. secrets, "ory_st_wrongwrongwrongwrongwrongwrong"]);
    });

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The store's lightning connection string: the store id, and the saved connection's unguessable reference key.</summary>
    private System.Text.RegularExpressions.Regex LightningConnectionString() =>
        new($"^{System.Text.RegularExpressions.Regex.Escape($"type=flash;connection={DemoStore.DemoId};connection-key=")}[A-Za-z0-9_-]{{22}}$");
}
