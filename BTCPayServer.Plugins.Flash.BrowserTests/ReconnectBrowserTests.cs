using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Tests.DevHost;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Store;
using Flash.MockServer.Control;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NBitcoin;
using static Microsoft.Playwright.Assertions;

namespace BTCPayServer.Plugins.Flash.BrowserTests;

/// <summary>
/// Whatever changes the account, server or token behind a store takes effect for the very next invoice, made from
/// the unchanged connection string BTCPay keeps, while the listener BTCPay started before the change still reports
/// the invoices made before it. Each test changes the store through the settings page's own forms, pays, and checks
/// whose balance grew.
/// </summary>
public sealed class ReconnectBrowserTests(ChromiumFixture chromium) : BrowserTest(chromium)
{
    private const long Sats = 2_100;

    [Fact]
    public Task Disconnect_then_connect_another_account_pays_the_new_account_from_the_next_invoice() => RunAsync(async page =>
    {
        var store = await ConnectedStoreAsync();
        var other = await DevHost.Mock.CreateAccountAsync();
        using var listener = await store.Client().Listen();
        var before = await store.Client().CreateInvoice(LightMoney.Satoshis(Sats), "before", TimeSpan.FromMinutes(10));

        await page.FillAsync("#DisconnectSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("Flash is disconnected");
        await ConnectInBrowserAsync(sessionToken: other.SessionToken);
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync($"Signed in to Flash as {other.Username}");

        await store.AssertNextInvoicesPay(other, listener);
        await store.AssertPaysAndIsReported(before, DevHost.Mock.Demo, listener);
        await AssertNoSecretSeenAsync(other.SessionToken);
    });

    [Fact]
    public Task Connecting_another_account_while_connected_pays_the_new_account_from_the_next_invoice() => RunAsync(async page =>
    {
        var store = await ConnectedStoreAsync();
        var other = await DevHost.Mock.CreateAccountAsync();
        using var listener = await store.Client().Listen();
        var before = await store.Client().CreateInvoice(LightMoney.Satoshis(Sats), "before", TimeSpan.FromMinutes(10));

        // A connected store shows no connect form: this is the form's own POST, as a second window would send it.
        var status = await PostConnectFormAsync(page, DevHost.Mock.GraphQLUri, other.SessionToken);
        Assert.Equal(302, status);
        await OpenSettingsAsync();
        await Expect(page.Locator("#FlashLastCheck")).ToContainTextAsync($"Signed in to Flash as {other.Username}");

        await store.AssertNextInvoicesPay(other, listener);
        await store.AssertPaysAndIsReported(before, DevHost.Mock.Demo, listener);
    });

    [Fact]
    public Task Rotating_the_token_keeps_paying_the_same_account_with_the_new_token() => RunAsync(async page =>
    {
        var store = await ConnectedStoreAsync();
        var rotatedFrom = (await DevHost.StoredConnectionAsync()).TokenId;
        using var listener = await store.Client().Listen();
        var before = await store.Client().CreateInvoice(LightMoney.Satoshis(Sats), "before", TimeSpan.FromMinutes(10));

        await page.FillAsync("#RotateSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashRotate");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("The token was rotated");

        var audit = await DevHost.Mock.Services.Audit.ReadAsync(null, rotatedFrom, CancellationToken.None);
        Assert.Contains(audit, e => e.Event == "rotated");
        await store.AssertNextInvoicesPay(DevHost.Mock.Demo, listener);
        await store.AssertPaysAndIsReported(before, DevHost.Mock.Demo, listener);
        var denied = (await DevHost.Mock.Services.Audit.ReadAsync(null, rotatedFrom, CancellationToken.None)).Count(e => e.Event == "denied");
        Assert.Equal(0, denied);
    });

    [Fact]
    public Task Connecting_another_server_sends_the_next_invoice_there_and_the_old_server_still_reports_its_invoices() => RunAsync(async page =>
    {
        await using var second = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var store = await ConnectedStoreAsync();
        using var listener = await store.Client().Listen();
        var before = await store.Client().CreateInvoice(LightMoney.Satoshis(Sats), "before", TimeSpan.FromMinutes(10));

        await page.FillAsync("#DisconnectSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashDisconnect");
        await ConnectInBrowserAsync(server: second.Server.GraphQLUri.ToString(), sessionToken: second.SessionToken);
        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await Expect(page.Locator("#FlashDialect")).ToHaveTextAsync("Flash API key (fk_, created over HTTP)");

        await store.AssertNextInvoicesPay(second.Server.Demo, listener, second.Server);
        await store.AssertPaysAndIsReported(before, DevHost.Mock.Demo, listener);
    });

    [Fact]
    public Task Reconnecting_under_another_name_of_the_same_server_revokes_the_replaced_token() => RunAsync(async page =>
    {
        await ConnectedStoreAsync();
        var replaced = await DevHost.StoredConnectionAsync();
        var sameServer = new UriBuilder(DevHost.Mock.GraphQLUri) { Host = "localhost" }.Uri;

        var status = await PostConnectFormAsync(page, sameServer, DevHost.SessionToken);
        Assert.Equal(302, status);
        await OpenSettingsAsync();

        await Expect(page.Locator("#FlashConnected")).ToBeVisibleAsync();
        await Expect(page.Locator("#FlashReplacedTokens")).ToHaveCountAsync(0);
        var tokens = await Administration.ListAsync(replaced.ToEndpoints(), DevHost.SessionToken, replaced.ProvisioningMethod);
        Assert.False(tokens.Single(t => t.Id == replaced.TokenId).IsActive);
        Assert.Single(tokens, t => t.IsActive);
    });

    [Fact]
    public Task A_replaced_token_of_another_account_is_named_on_the_page_and_revoked_there() => RunAsync(async page =>
    {
        await ConnectedStoreAsync();
        var replaced = await DevHost.StoredConnectionAsync();
        var other = await DevHost.Mock.CreateAccountAsync();

        await PostConnectFormAsync(page, DevHost.Mock.GraphQLUri, other.SessionToken);
        await OpenSettingsAsync();
        var row = page.Locator($"#FlashReplacedTokens [data-replaced-token-id='{replaced.TokenId}']");
        await Expect(row).ToContainTextAsync(replaced.TokenName);
        await Expect(row).ToContainTextAsync(DevHost.Mock.GraphQLUri.Authority);
        Assert.True((await Administration.ListAsync(replaced.ToEndpoints(), DevHost.SessionToken, replaced.ProvisioningMethod)).Single(t => t.Id == replaced.TokenId).IsActive);

        await row.Locator("input[name=SessionToken]").FillAsync(DevHost.SessionToken);
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.Locator("#FlashSuccess")).ToHaveTextAsync(
            $"The token \"{replaced.TokenName}\" was revoked on Flash at {DevHost.Mock.GraphQLUri.Authority}.");
        await Expect(page.Locator("#FlashReplacedTokens")).ToHaveCountAsync(0);
        Assert.False((await Administration.ListAsync(replaced.ToEndpoints(), DevHost.SessionToken, replaced.ProvisioningMethod)).Single(t => t.Id == replaced.TokenId).IsActive);
        await AssertNoSecretSeenAsync(other.SessionToken);
    });

    [Fact]
    public Task Replacing_the_key_stops_the_old_string_and_the_new_one_pays() => RunAsync(async page =>
    {
        var old = await ConnectedStoreAsync();

        await page.ClickAsync("#FlashReplaceKey");
        await Expect(page.Locator("#FlashSuccess")).ToHaveTextAsync(
            "The connection string has a new key: paste it into the store's Lightning settings. The old one no longer works, in this store or any other.");
        var replaced = new StoreUnderTest(DevHost, await page.InputValueAsync("#FlashConnectionString"));

        var refused = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() =>
            old.Client().CreateInvoice(LightMoney.Satoshis(Sats), "old string", TimeSpan.FromMinutes(10)));
        Assert.Equal(ReconnectReason.ConnectionStringMismatch, refused.Reason);
        using var listener = await replaced.Client().Listen();
        await replaced.AssertNextInvoicesPay(DevHost.Mock.Demo, listener);
    });

    [Fact]
    public Task No_path_through_the_page_or_a_saved_lightning_string_stores_a_token_in_plain_text() => RunAsync(async page =>
    {
        var tokens = new List<string>();
        async Task KeepToken() => tokens.Add(DevHost.Protector.Unprotect((await DevHost.StoredConnectionAsync()).ProtectedToken, "test").Value);
        var other = await DevHost.Mock.CreateAccountAsync();

        await ConnectedStoreAsync();
        await KeepToken();
        await page.FillAsync("#RotateSessionToken", DevHost.SessionToken);
        await page.ClickAsync("#FlashRotate");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("rotated");
        await KeepToken();
        await PostConnectFormAsync(page, DevHost.Mock.GraphQLUri, other.SessionToken);
        await KeepToken();
        await OpenSettingsAsync();
        await page.FillAsync("#DisconnectSessionToken", other.SessionToken);
        await page.ClickAsync("#FlashDisconnect");
        await Expect(page.Locator("#FlashSuccess")).ToContainTextAsync("disconnected");
        // A plain token pasted into the Lightning settings is refused when BTCPay saves it, so it is never stored.
        var pasted = $"type=flash;server={DevHost.Mock.GraphQLUri};api-token={tokens[^1]}";
        var validation = await ((BTCPayServer.Payments.Lightning.IExtendedLightningClient)new StoreUnderTest(DevHost, pasted).Client()).Validate();
        Assert.NotNull(validation);

        foreach (var file in Directory.EnumerateFiles(DevHost.StateDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            foreach (var token in tokens.Append(DevHost.SessionToken).Append(other.SessionToken))
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }
        await AssertNoSecretSeenAsync([.. tokens, other.SessionToken]);
    });

    [Fact]
    public Task A_failed_connect_while_connected_says_why_at_the_top() => RunAsync(async page =>
    {
        await ConnectedStoreAsync();

        await PostConnectFormAsync(page, DevHost.Mock.GraphQLUri, DevHost.SessionToken, tokenName: "x", lifetime: "Forever", show: true);

        await Expect(page.Locator("#FlashError")).ToHaveTextAsync(
            "Flash was not reconnected: Choose when the token expires: in 1 year, or never (until revoked). A token name has 3 to 50 characters.");
    });

    private ApiTokenAdministration Administration => DevHost.Host.Services.GetRequiredService<ApiTokenAdministration>();

    /// <summary>Connects the demo account through the page and returns the store as BTCPay holds it: its connection string.</summary>
    private async Task<StoreUnderTest> ConnectedStoreAsync()
    {
        await ConnectInBrowserAsync();
        await Expect(Page.Locator("#FlashConnected")).ToBeVisibleAsync();
        var connectionString = await Page.InputValueAsync("#FlashConnectionString");
        return new StoreUnderTest(DevHost, connectionString);
    }

    /// <summary>
    /// Sends the connect form's POST with the page's antiforgery token and cookies, as the form would. With
    /// <paramref name="show"/> the answer becomes the page, so its message can be read.
    /// </summary>
    private async Task<int> PostConnectFormAsync(
        IPage page, Uri server, string sessionToken, string tokenName = "BTCPay Server Demo Store", string lifetime = "OneYear", bool show = false)
    {
        var antiforgery = await page.InputValueAsync("input[name=__RequestVerificationToken] >> nth=0");
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", antiforgery);
        form.Set("Connect.Server", server.ToString());
        form.Set("Connect.SessionToken", sessionToken);
        form.Set("Connect.TokenName", tokenName);
        form.Set("Connect.Lifetime", lifetime);
        var response = await page.APIRequest.PostAsync(new Uri(DevHost.Host.BaseUri, $"plugins/{DemoStore.DemoId}/flash/connect").ToString(),
            new() { Form = form, MaxRedirects = 0 });
        if (show)
            await page.SetContentAsync(await response.TextAsync());
        return response.Status;
    }

    /// <summary>The demo store's unchanged connection string, and the checks made with clients BTCPay would make of it.</summary>
    private sealed class StoreUnderTest(DevHostHarness devHost, string connectionString)
    {
        public ILightningClient Client()
        {
            foreach (var handler in devHost.Host.Services.GetServices<ILightningConnectionStringHandler>())
            {
                if (handler.Create(connectionString, Network.RegTest, out var error) is { } client)
                    return client;
                Assert.Null(error);
            }
            throw new InvalidOperationException("No handler took the Flash connection string");
        }

        /// <summary>
        /// The next checkout invoice and the next LNURL-pay invoice are created on <paramref name="expected"/>'s
        /// account (of <paramref name="server"/>, the dev host's mock by default): paying each grows that account's
        /// balance and no one else's, and the listener started before the change reports both.
        /// </summary>
        public async Task AssertNextInvoicesPay(AccountDescription expected, ILightningInvoiceListener listener, MockFlashServer? server = null)
        {
            server ??= devHost.Mock;
            var checkout = await Client().CreateInvoice(LightMoney.Satoshis(Sats), "checkout after the change", TimeSpan.FromMinutes(10));
            await AssertPaysAndIsReported(checkout, expected, listener, server);
            var lnurl = await Client().CreateInvoice(
                new CreateInvoiceParams(LightMoney.Satoshis(Sats), """[["text/plain","Lightning Address after the change"]]""", TimeSpan.FromMinutes(10))
                {
                    DescriptionHashOnly = true,
                });
            await AssertPaysAndIsReported(lnurl, expected, listener, server);
        }

        public async Task AssertPaysAndIsReported(LightningInvoice invoice, AccountDescription expected, ILightningInvoiceListener listener, MockFlashServer? server = null)
        {
            server ??= devHost.Mock;
            MockFlashServer[] servers = server == devHost.Mock ? [server] : [devHost.Mock, server];
            var before = await BalancesAsync(servers);
            var record = await server.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None)
                ?? throw new Xunit.Sdk.XunitException($"The invoice is not on {server.GraphQLUri.Authority}");
            await server.Services.Invoices.SettleAsync(record.PaymentHash, null, CancellationToken.None);

            var after = await BalancesAsync(servers);
            Assert.Contains(expected.Wallets, w => w.Id == record.WalletId);
            foreach (var (wallet, balance) in after)
                Assert.True(balance > before[wallet] == (wallet == record.WalletId), $"wallet {wallet}: {before[wallet]} -> {balance}; expected only {record.WalletId} of {expected} to grow");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reported = await listener.WaitInvoice(timeout.Token);
            Assert.Equal(invoice.Id, reported.Id);
            Assert.Equal(LightningInvoiceStatus.Paid, reported.Status);
        }

        /// <summary>Every wallet of every account on the servers the test uses.</summary>
        private static async Task<Dictionary<string, decimal>> BalancesAsync(IEnumerable<MockFlashServer> servers)
        {
            var balances = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var server in servers)
            {
                foreach (var wallet in await server.Services.Accounts.AllWalletsAsync(CancellationToken.None))
                    balances[wallet.Id] = wallet.Balance;
            }
            return balances;
        }
    }
}
