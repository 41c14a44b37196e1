using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BTCPayServer.Lightning.Bolt11;
using Flash.MockServer.Control;
using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// The mock's flash-today profile is Flash in production today, point by point; where the default profile behaves otherwise, the same test shows it.
/// </summary>
public sealed class FlashTodayProfileTests
{
    private const string CreateBtc = "mutation($input: LnInvoiceCreateInput!) { lnInvoiceCreate(input: $input) { invoice { paymentRequest } errors { code message } } }";
    private const string CreateBtcForRecipient = "mutation($input: LnInvoiceCreateOnBehalfOfRecipientInput!) { lnInvoiceCreateOnBehalfOfRecipient(input: $input) { invoice { paymentRequest } errors { code message } } }";
    private const string CreateUsd = "mutation($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) { invoice { paymentRequest } errors { code message } } }";
    private const string CreateUsdForRecipient = "mutation($input: LnUsdInvoiceCreateOnBehalfOfRecipientInput!) { lnUsdInvoiceCreateOnBehalfOfRecipient(input: $input) { invoice { paymentRequest } errors { code message } } }";
    private const string UsdFeeProbe = "mutation($input: LnUsdInvoiceFeeProbeInput!) { lnUsdInvoiceFeeProbe(input: $input) { amount invoiceAmount errors { code message } } }";
    private const string BtcFeeProbe = "mutation($input: LnInvoiceFeeProbeInput!) { lnInvoiceFeeProbe(input: $input) { amount errors { code message } } }";
    private const string PaymentStatus = "subscription($input: LnInvoicePaymentStatusInput!) { lnInvoicePaymentStatus(input: $input) { status } }";
    private const string MyUpdates = "subscription { myUpdates { update { ... on LnUpdate { paymentHash status } } } }";
    private const string Wallets = "{ me { defaultAccount { defaultWalletId wallets { __typename id walletCurrency balance } } } }";
    private const string Cutover = "{ cashWalletCutover { state } }";

    [Fact]
    public async Task Btc_receive_is_a_top_level_NotImplementedError_without_a_payload()
    {
        await using var today = await FlashTodayAsync();
        await using var standard = await MockServerHarness.StartAsync();

        var own = await today.Http.WithBearerAsync(today.SessionToken, CreateBtc, new { input = new { walletId = Wallet(today, "BTC"), amount = 1500 } });
        var forRecipient = await today.Http.QueryAsync(CreateBtcForRecipient, new { input = new { recipientWalletId = Wallet(today, "BTC"), amount = 1500 } });
        var ofAnother = await today.Http.WithBearerAsync((await today.Server.CreateAccountAsync("other")).SessionToken, CreateBtc,
            new { input = new { walletId = Wallet(today, "BTC"), amount = 1500 } });

        // Flash's Apollo formatError: message, locations, path and the code at the top level; the non-null field nulls data.
        Assert.Equal(HttpStatusCode.OK, own.Status);
        AssertJson("""
            {"errors":[{"message":"Flash does not support BTC wallets.","locations":[{"line":1,"column":43}],"path":["lnInvoiceCreate"],"code":"INTERNAL_SERVER_ERROR"}],"data":null}
            """, own.Json);
        AssertJson("""
            {"errors":[{"message":"Flash does not support BTC wallets.","locations":[{"line":1,"column":62}],"path":["lnInvoiceCreateOnBehalfOfRecipient"],"code":"INTERNAL_SERVER_ERROR"}],"data":null}
            """, forRecipient.Json);
        // The gateway's wallet check comes first: another account's wallet is a payload error, as on Flash.
        Assert.Equal("Wallet not found", ofAnother.Data!["lnInvoiceCreate"]!["errors"]![0]!["message"]!.GetValue<string>());

        var invoice = await standard.Http.WithBearerAsync(standard.SessionToken, CreateBtc, new { input = new { walletId = Wallet(standard, "BTC"), amount = 1500 } });
        var recipientInvoice = await standard.Http.QueryAsync(CreateBtcForRecipient, new { input = new { recipientWalletId = Wallet(standard, "BTC"), amount = 1500 } });
        Assert.Equal(1_500_000L, Decode(invoice.Data!["lnInvoiceCreate"]!).AmountMilliSatoshi);
        Assert.Equal(1_500_000L, Decode(recipientInvoice.Data!["lnInvoiceCreateOnBehalfOfRecipient"]!).AmountMilliSatoshi);
    }

    [Fact]
    public async Task Receive_expiry_is_in_minutes_defaults_to_one_and_is_capped_at_60_seconds()
    {
        await using var today = await FlashTodayAsync();
        await using var standard = await MockServerHarness.StartAsync();

        async Task<TimeSpan> ExpiryAsync(MockServerHarness mock, int? expiresIn) => Decode((await mock.Http.WithBearerAsync(mock.SessionToken, CreateUsd,
            new { input = new { walletId = Wallet(mock, "USD"), amount = 100, expiresIn } })).Data!["lnUsdInvoiceCreate"]!).Expiry;

        // Flash reads `expiresIn || 1` minutes and its provider caps receive invoices at 60 seconds; 0 is a valid Minutes.
        Assert.Equal(TimeSpan.FromSeconds(60), await ExpiryAsync(today, null));
        Assert.Equal(TimeSpan.FromSeconds(60), await ExpiryAsync(today, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), await ExpiryAsync(today, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), await ExpiryAsync(today, 30));
        Assert.Equal(TimeSpan.FromMinutes(5), await ExpiryAsync(standard, null));
        Assert.Equal(TimeSpan.FromMinutes(5), await ExpiryAsync(standard, 0));
        Assert.Equal(TimeSpan.FromMinutes(2), await ExpiryAsync(standard, 2));
    }

    [Fact]
    public async Task The_websocket_runs_only_subscriptions_and_takes_no_api_key()
    {
        await using var mock = await FlashTodayAsync();
        var key = await CredentialFlows.KeyAsync(mock, ["read_user", "read_wallet", "write_wallet"]);
        var request = await UsdInvoiceAsync(mock);

        foreach (var init in new Dictionary<string, string>[] { new() { ["X-API-KEY"] = key }, new() { ["Authorization"] = "Bearer " + key } })
        {
            await using var socket = await GraphQLWebSocketProbe.ConnectAsync(mock.Server.WebSocketUri);
            await socket.SendAsync(new { type = "connection_init", payload = init });
            Assert.Equal("connection_ack", (await socket.ReceiveAsync())?["type"]?.GetValue<string>());

            await socket.SubscribeAsync("query", "{ me { id } }");
            await socket.SubscribeAsync("mutation", CreateUsd, new { input = new { walletId = Wallet(mock, "USD"), amount = 100 } });
            AssertJson("""[{"message":"Only subscription operations are supported"}]""", (await socket.ReceiveAsync("query", "error"))["payload"]!);
            AssertJson("""[{"message":"Only subscription operations are supported"}]""", (await socket.ReceiveAsync("mutation", "error"))["payload"]!);

            // The key fell through to anonymous: myUpdates is refused, the public payment status is served.
            await socket.SubscribeAsync("updates", MyUpdates);
            AssertJson(NotAuthenticatedForMyUpdates, (await socket.ReceiveAsync("updates", "next"))["payload"]!);
            await socket.ReceiveAsync("updates", "complete");
            await socket.SubscribeAsync("status", PaymentStatus, new { input = new { paymentRequest = request } });
            Assert.Equal("PENDING", (await socket.ReceiveAsync("status", "next"))["payload"]!["data"]!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task myUpdates_needs_the_session_from_connection_init_and_anonymous_sockets_get_Flash_s_authentication_error()
    {
        await using var today = await FlashTodayAsync();
        await using var standard = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var request = await UsdInvoiceAsync(today);
        await using var owner = await GraphQLWebSocketProbe.ConnectAndInitAsync(today.Server.WebSocketUri, today.SessionToken);
        await using var anonymous = await GraphQLWebSocketProbe.ConnectAndInitAsync(today.Server.WebSocketUri, null);
        await using var anonymousElsewhere = await GraphQLWebSocketProbe.ConnectAndInitAsync(standard.Server.WebSocketUri, null);

        await owner.SubscribeAsync("u", MyUpdates);
        await anonymous.SubscribeAsync("u", MyUpdates);
        await anonymousElsewhere.SubscribeAsync("u", MyUpdates);

        AssertJson(NotAuthenticatedForMyUpdates, (await anonymous.ReceiveAsync("u", "next"))["payload"]!);
        await anonymous.ReceiveAsync("u", "complete");
        // The default profile refuses before running the operation, with the access rules' own error message.
        AssertJson("""[{"message":"Not authorized to access Subscription.myUpdates","extensions":{"code":"NOT_AUTHORIZED","codes":["NOT_AUTHORIZED"]}}]""",
            (await anonymousElsewhere.ReceiveAsync("u", "error"))["payload"]!);
        await owner.SendAsync(new { type = "ping" });
        await owner.ReceiveAsync();
        await PayAsync(today, request);
        var update = (await owner.ReceiveAsync("u", "next"))["payload"]!["data"]!["myUpdates"]!["update"]!;
        Assert.Equal("PAID", update["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_usd_fee_probe_quotes_nothing_for_an_invoice_of_the_same_node_and_half_a_percent_rounded_up_otherwise()
    {
        await using var mock = await FlashTodayAsync(o => o.BtcUsdPrice = 100_000m);
        var reader = await CredentialFlows.KeyAsync(mock, ["read_wallet"]);
        var userOnly = await CredentialFlows.KeyAsync(mock, ["read_user"], name: "user only");
        var payee = await mock.Server.CreateAccountAsync("payee");
        var sameNode = await UsdInvoiceAsync(mock, payee, cents: 250);

        // 10,000 sats of another node at $100,000 per bitcoin: 1,000 cents, of which 0.5 % is 5 cents.
        var foreign = await mock.Http.WithApiKeyAsync(reader, UsdFeeProbe, new { input = new { walletId = Wallet(mock, "USD"), paymentRequest = ForeignInvoice(10_000_000) } });
        var own = await mock.Http.WithApiKeyAsync(reader, UsdFeeProbe, new { input = new { walletId = Wallet(mock, "USD"), paymentRequest = sameNode } });
        // 333 sats: 33.3 cents, a fee of 0.1665 cents rounded up to one cent.
        var small = await mock.Http.WithApiKeyAsync(reader, UsdFeeProbe, new { input = new { walletId = Wallet(mock, "USD"), paymentRequest = ForeignInvoice(333_000) } });
        var denied = await mock.Http.WithApiKeyAsync(userOnly, UsdFeeProbe, new { input = new { walletId = Wallet(mock, "USD"), paymentRequest = sameNode } });
        var garbage = await mock.Http.WithApiKeyAsync(reader, UsdFeeProbe, new { input = new { walletId = Wallet(mock, "USD"), paymentRequest = "lnbcrt1notaninvoice" } });

        AssertJson("""{"amount":5,"invoiceAmount":1000,"errors":[]}""", foreign.Data!["lnUsdInvoiceFeeProbe"]!);
        AssertJson("""{"amount":0,"invoiceAmount":250,"errors":[]}""", own.Data!["lnUsdInvoiceFeeProbe"]!);
        AssertJson("""{"amount":1,"invoiceAmount":33.3,"errors":[]}""", small.Data!["lnUsdInvoiceFeeProbe"]!);
        Assert.Equal("NOT_AUTHORIZED", denied.FirstErrorCode);
        AssertJson("""{"amount":null,"invoiceAmount":null,"errors":[{"code":"INVOICE_DECODE_ERROR","message":"Invalid lightning request, couldn't decode."}]}""",
            garbage.Data!["lnUsdInvoiceFeeProbe"]!);
    }

    [Fact]
    public async Task The_btc_fee_probe_is_Flash_s_NotImplementedError_and_works_in_the_default_profile()
    {
        await using var today = await FlashTodayAsync();
        await using var standard = await MockServerHarness.StartAsync();
        var sameNode = (await standard.Http.WithBearerAsync(standard.SessionToken, CreateBtc, new { input = new { walletId = Wallet(standard, "BTC"), amount = 2000 } }))
            .Data!["lnInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();

        var refused = await today.Http.WithBearerAsync(today.SessionToken, BtcFeeProbe, new { input = new { walletId = Wallet(today, "BTC"), paymentRequest = ForeignInvoice(10_000_000) } });
        var foreign = await standard.Http.WithBearerAsync(standard.SessionToken, BtcFeeProbe, new { input = new { walletId = Wallet(standard, "BTC"), paymentRequest = ForeignInvoice(10_000_000) } });
        var own = await standard.Http.WithBearerAsync(standard.SessionToken, BtcFeeProbe, new { input = new { walletId = Wallet(standard, "BTC"), paymentRequest = sameNode } });

        AssertJson("""
            {"errors":[{"message":"LnInvoiceFeeProbeMutation","locations":[{"line":1,"column":45}],"path":["lnInvoiceFeeProbe"],"code":"INTERNAL_SERVER_ERROR"}],"data":null}
            """, refused.Json);
        AssertJson("""{"amount":50,"errors":[]}""", foreign.Data!["lnInvoiceFeeProbe"]!);
        AssertJson("""{"amount":0,"errors":[]}""", own.Data!["lnInvoiceFeeProbe"]!);
    }

    [Fact]
    public async Task The_cut_over_state_is_public_and_set_through_the_control_api()
    {
        await using var mock = await FlashTodayAsync();
        var userOnly = await CredentialFlows.KeyAsync(mock, ["read_user"]);
        using var control = new HttpClient { BaseAddress = mock.Server.BaseUri };

        var initial = await mock.Http.QueryAsync(Cutover);
        var set = await control.PutAsJsonAsync("_mock/cash-wallet-cutover", new { state = "rolled_back" });
        var byKey = await mock.Http.WithApiKeyAsync(userOnly, Cutover);
        var unknown = await control.PutAsJsonAsync("_mock/cash-wallet-cutover", new { state = "DONE" });

        Assert.Equal("IN_PROGRESS", initial.Data!["cashWalletCutover"]!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal("ROLLED_BACK", byKey.Data!["cashWalletCutover"]!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        AssertJson($$"""{"error":"{{ControlApi.UnknownCutoverState}}"}""", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task A_cut_over_account_shows_its_USDT_wallet_only_to_clients_that_declare_it()
    {
        await using var mock = await FlashTodayAsync();
        var account = await CreateCutOverAccountAsync(mock);
        var (btc, legacy, usdt) = (Wallet(account, "BTC"), Wallet(account, "USD"), Wallet(account, "USDT"));
        await mock.Server.Services.Accounts.SetBalanceAsync(usdt, 109.9346m, CancellationToken.None);

        var capable = await WalletsAsync(mock, account.SessionToken, "some-other-v2, Cash-Wallet-USDT-v1");
        var legacyClient = await WalletsAsync(mock, account.SessionToken, null);
        var demo = await WalletsAsync(mock, mock.SessionToken, "cash-wallet-usdt-v1");
        using var control = new HttpClient { BaseAddress = mock.Server.BaseUri };
        await control.PutAsJsonAsync("_mock/cash-wallet-cutover", new { state = "PRE" });
        var beforeTheCutover = await WalletsAsync(mock, account.SessionToken, "cash-wallet-usdt-v1");

        AssertJson($$"""
            {"defaultWalletId":"{{usdt}}","wallets":[
              {"__typename":"BTCWallet","id":"{{btc}}","walletCurrency":"BTC","balance":0},
              {"__typename":"UsdtWallet","id":"{{usdt}}","walletCurrency":"USDT","balance":109.9346}]}
            """, capable);
        // legacy_compat: the legacy USD wallet's id and currency, with the money that now sits on the USDT wallet.
        AssertJson($$"""
            {"defaultWalletId":"{{legacy}}","wallets":[
              {"__typename":"BTCWallet","id":"{{btc}}","walletCurrency":"BTC","balance":0},
              {"__typename":"UsdWallet","id":"{{legacy}}","walletCurrency":"USD","balance":109.9346}]}
            """, legacyClient);
        // The demo account was never cut over: a plain USD account, whatever the client declares.
        AssertJson($$"""
            {"defaultWalletId":"{{Wallet(mock, "USD")}}","wallets":[
              {"__typename":"BTCWallet","id":"{{Wallet(mock, "BTC")}}","walletCurrency":"BTC","balance":0},
              {"__typename":"UsdWallet","id":"{{Wallet(mock, "USD")}}","walletCurrency":"USD","balance":0}]}
            """, demo);
        AssertJson($$"""
            {"defaultWalletId":"{{legacy}}","wallets":[
              {"__typename":"BTCWallet","id":"{{btc}}","walletCurrency":"BTC","balance":0},
              {"__typename":"UsdWallet","id":"{{legacy}}","walletCurrency":"USD","balance":0}]}
            """, beforeTheCutover);
    }

    [Fact]
    public async Task Receiving_and_probing_on_the_legacy_USD_wallet_id_use_the_USDT_wallet()
    {
        await using var mock = await FlashTodayAsync(o => o.BtcUsdPrice = 100_000m);
        var account = await CreateCutOverAccountAsync(mock);
        var (legacy, usdt) = (Wallet(account, "USD"), Wallet(account, "USDT"));

        var own = await mock.Http.WithBearerAsync(account.SessionToken, CreateUsd, new { input = new { walletId = legacy, amount = 250 } });
        var forRecipient = await mock.Http.QueryAsync(CreateUsdForRecipient, new { input = new { recipientWalletId = legacy, amount = 125 } });
        await PayAsync(mock, Decode(own.Data!["lnUsdInvoiceCreate"]!).Text);
        await PayAsync(mock, Decode(forRecipient.Data!["lnUsdInvoiceCreateOnBehalfOfRecipient"]!).Text);
        // 333 sats at $100,000: 33.3 cents, which a USDT wallet reports in whole cents.
        var probe = await mock.Http.WithBearerAsync(account.SessionToken, UsdFeeProbe, new { input = new { walletId = legacy, paymentRequest = ForeignInvoice(333_000) } });

        Assert.Equal(375m, (await mock.Server.Services.Accounts.GetWalletAsync(usdt, CancellationToken.None))!.Balance);
        Assert.Equal(0m, (await mock.Server.Services.Accounts.GetWalletAsync(legacy, CancellationToken.None))!.Balance);
        AssertJson("""{"amount":1,"invoiceAmount":33,"errors":[]}""", probe.Data!["lnUsdInvoiceFeeProbe"]!);
    }

    [Fact]
    public async Task The_control_api_makes_cut_over_accounts_and_refuses_contradictions_in_plain_words()
    {
        await using var mock = await FlashTodayAsync();
        using var control = new HttpClient { BaseAddress = mock.Server.BaseUri };

        var cutOver = await control.PostAsJsonAsync("_mock/accounts", new { cashWallet = "usdt" });
        var plain = await control.PostAsJsonAsync("_mock/accounts", new { cashWallet = "USD", defaultWalletCurrency = "BTC" });
        var unknown = await control.PostAsJsonAsync("_mock/accounts", new { cashWallet = "EUR" });
        var contradiction = await control.PostAsJsonAsync("_mock/accounts", new { cashWallet = "USDT", defaultWalletCurrency = "BTC" });

        var description = (await cutOver.Content.ReadFromJsonAsync<AccountDescription>())!;
        Assert.Equal(["BTC", "USD", "USDT"], description.Wallets.Select(w => w.Currency));
        Assert.Equal(Wallet(description, "USDT"), description.DefaultWalletId);
        var plainDescription = (await plain.Content.ReadFromJsonAsync<AccountDescription>())!;
        Assert.Equal(["BTC", "USD"], plainDescription.Wallets.Select(w => w.Currency));
        Assert.Equal(Wallet(plainDescription, "BTC"), plainDescription.DefaultWalletId);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        AssertJson($$"""{"error":"{{ControlApi.UnknownCashWallet}}"}""", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!);
        Assert.Equal(HttpStatusCode.BadRequest, contradiction.StatusCode);
        AssertJson($$"""{"error":"{{ControlApi.CashWalletConflict}}"}""", JsonNode.Parse(await contradiction.Content.ReadAsStringAsync())!);
    }

    private const string NotAuthenticatedForMyUpdates = """
        {"errors":[{"message":"Not Authenticated for subscription","locations":[{"line":1,"column":16}],"path":["myUpdates"],"extensions":{"code":"NOT_AUTHENTICATED"}}]}
        """;

    private static Task<MockServerHarness> FlashTodayAsync(Action<MockFlashServerOptions>? configure = null) =>
        MockServerHarness.StartAsync(configure: o =>
        {
            o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile);
            configure?.Invoke(o);
        });

    private static async Task<AccountDescription> CreateCutOverAccountAsync(MockServerHarness mock)
    {
        using var control = new HttpClient { BaseAddress = mock.Server.BaseUri };
        var response = await control.PostAsJsonAsync("_mock/accounts", new { username = "cut-over", cashWallet = "USDT" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccountDescription>())!;
    }

    private static async Task<JsonNode> WalletsAsync(MockServerHarness mock, string session, string? capabilities)
    {
        var response = await mock.Http.QueryAsync(Wallets, headers: h =>
        {
            h.Authorization = new("Bearer", session);
            if (capabilities is not null)
                h.Add("X-Flash-Client-Capabilities", capabilities);
        });
        return response.Data!["me"]!["defaultAccount"]!;
    }

    private static async Task<string> UsdInvoiceAsync(MockServerHarness mock, AccountDescription? account = null, decimal cents = 100)
    {
        var owner = account ?? mock.Server.Demo;
        var response = await mock.Http.WithBearerAsync(owner.SessionToken, CreateUsd, new { input = new { walletId = Wallet(owner, "USD"), amount = cents } });
        return Decode(response.Data!["lnUsdInvoiceCreate"]!).Text;
    }

    private static async Task PayAsync(MockServerHarness mock, string paymentRequest)
    {
        using var control = new HttpClient { BaseAddress = mock.Server.BaseUri };
        (await control.PostAsJsonAsync("_mock/invoices/pay", new { paymentRequest })).EnsureSuccessStatusCode();
    }

    /// <summary>A signed regtest invoice of a node the mock does not know.</summary>
    private static string ForeignInvoice(long amountMsat) => Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
    {
        Network = Network.RegTest,
        AmountMilliSatoshi = amountMsat,
        Timestamp = DateTimeOffset.UtcNow,
        PaymentHash = RandomNumberGenerator.GetBytes(32),
        PaymentSecret = RandomNumberGenerator.GetBytes(32),
        Description = "elsewhere",
        ExpirySeconds = 3600,
        NodeKey = new Key(),
    });

    private static Bolt11Invoice Decode(JsonNode payload) =>
        Bolt11Invoice.Parse(payload["invoice"]!["paymentRequest"]!.GetValue<string>(), Network.RegTest);

    private static string Wallet(MockServerHarness mock, string currency) => Wallet(mock.Server.Demo, currency);

    private static string Wallet(AccountDescription account, string currency) => account.Wallets.Single(w => w.Currency == currency).Id;

    private static void AssertJson(string expected, JsonNode actual)
    {
        var want = JsonNode.Parse(expected)!;
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected {want.ToJsonString()}\n  actual {actual.ToJsonString()}");
    }
}
