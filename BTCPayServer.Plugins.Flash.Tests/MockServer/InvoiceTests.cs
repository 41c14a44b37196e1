using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning.Bolt11;
using Flash.MockServer.Hosting;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>Real, signed BOLT11 invoices; USD pricing; description hashes; payment and its notifications.</summary>
public sealed class InvoiceTests
{
    private const string CreateUsd = "mutation($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) { invoice { paymentHash paymentRequest paymentSecret satoshis } errors { code message } } }";
    private const string CreateBtc = "mutation($input: LnInvoiceCreateInput!) { lnInvoiceCreate(input: $input) { invoice { paymentHash paymentRequest satoshis } errors { code message } } }";
    private const string CreateUsdForRecipient = "mutation($input: LnUsdInvoiceCreateOnBehalfOfRecipientInput!) { lnUsdInvoiceCreateOnBehalfOfRecipient(input: $input) { invoice { paymentHash paymentRequest } errors { code message } } }";
    private const string Status = "query($input: LnInvoicePaymentStatusInput!) { lnInvoicePaymentStatus(input: $input) { status errors { message } } }";

    [Fact]
    public async Task A_usd_invoice_is_a_signed_bolt11_priced_at_the_configured_rate()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 50_000m);
        var usd = Wallet(mock, "USD");

        var response = await mock.Http.WithBearerAsync(mock.SessionToken, CreateUsd, new { input = new { walletId = usd, amount = 123.0m, memo = "coffee", expiresIn = 10 } });

        var invoice = response.Data!["lnUsdInvoiceCreate"]!["invoice"]!;
        var decoded = Bolt11Invoice.Parse(invoice["paymentRequest"]!.GetValue<string>(), Network.RegTest);
        // 123 cents at $50,000/BTC = 2,460 sats.
        Assert.Equal(2_460_000L, decoded.AmountMilliSatoshi);
        Assert.Equal(2460, invoice["satoshis"]!.GetValue<long>());
        Assert.Equal(invoice["paymentHash"]!.GetValue<string>(), decoded.PaymentHash);
        Assert.Equal("coffee", decoded.Description);
        Assert.Equal(TimeSpan.FromMinutes(10), decoded.Expiry);
        Assert.Equal(mock.Server.Services.Node.NodeId, decoded.PayeeNodeId.ToHex());
        Assert.StartsWith("lnbcrt", invoice["paymentRequest"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_btc_invoice_carries_its_sat_amount()
    {
        await using var mock = await MockServerHarness.StartAsync();
        var btc = Wallet(mock, "BTC");

        var invoice = (await mock.Http.WithBearerAsync(mock.SessionToken, CreateBtc, new { input = new { walletId = btc, amount = 1500 } })).Data!["lnInvoiceCreate"]!["invoice"]!;

        Assert.Equal(1_500_000L, Bolt11Invoice.Parse(invoice["paymentRequest"]!.GetValue<string>()).AmountMilliSatoshi);
    }

    [Fact]
    public async Task Wallet_currency_mismatches_are_payload_errors()
    {
        await using var mock = await MockServerHarness.StartAsync();

        var response = await mock.Http.WithBearerAsync(mock.SessionToken, CreateBtc, new { input = new { walletId = Wallet(mock, "USD"), amount = 1500 } });

        Assert.Null(response.Data!["lnInvoiceCreate"]!["invoice"]);
        Assert.Equal("INVALID_WALLET_CURRENCY", response.Data["lnInvoiceCreate"]!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Description_hashes_reach_the_h_field_for_LNURL()
    {
        await using var mock = await MockServerHarness.StartAsync();
        const string metadata = "[[\"text/plain\",\"Pay demo\"]]";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(metadata));

        var response = await mock.Http.QueryAsync(CreateUsdForRecipient,
            new { input = new { recipientWalletId = Wallet(mock, "USD"), amount = 50, descriptionHash = Convert.ToHexStringLower(hash) } });

        var decoded = Bolt11Invoice.Parse(response.Data!["lnUsdInvoiceCreateOnBehalfOfRecipient"]!["invoice"]!["paymentRequest"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(hash), decoded.DescriptionHash);
        Assert.Null(decoded.Description);
    }

    [Fact]
    public async Task The_flash_today_profile_drops_the_description_hash_and_caps_expiry_at_60_seconds()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));

        var response = await mock.Http.QueryAsync(CreateUsdForRecipient,
            new { input = new { recipientWalletId = Wallet(mock, "USD"), amount = 50, expiresIn = 30, descriptionHash = new string('a', 64) } });

        var decoded = Bolt11Invoice.Parse(response.Data!["lnUsdInvoiceCreateOnBehalfOfRecipient"]!["invoice"]!["paymentRequest"]!.GetValue<string>());
        Assert.Null(decoded.DescriptionHash);
        Assert.Equal(TimeSpan.FromSeconds(60), decoded.Expiry);
    }

    [Fact]
    public async Task Paying_through_the_control_api_credits_the_wallet_and_updates_status()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 100_000m);
        var usd = Wallet(mock, "USD");
        var request = (await mock.Http.WithBearerAsync(mock.SessionToken, CreateUsd, new { input = new { walletId = usd, amount = 250 } }))
            .Data!["lnUsdInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
        Assert.Equal("PENDING", await StatusAsync(mock, request));

        using var http = new HttpClient { BaseAddress = mock.Server.BaseUri };
        var paid = await http.PostAsJsonAsync("_mock/invoices/pay", new { paymentRequest = request });

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Equal("PAID", await StatusAsync(mock, request));
        var wallets = await mock.Http.WithBearerAsync(mock.SessionToken, "{ me { defaultAccount { wallets { id balance } } } }");
        var balance = wallets.Data!["me"]!["defaultAccount"]!["wallets"]!.AsArray().Single(w => w!["id"]!.GetValue<string>() == usd)!["balance"]!.GetValue<decimal>();
        Assert.Equal(250m, balance);
        Assert.Contains("AlreadyPaid", await (await http.PostAsJsonAsync("_mock/invoices/pay", new { paymentRequest = request })).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payment_between_accounts_is_idempotent_per_key()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 100_000m);
        var payer = await mock.Server.CreateAccountAsync("payer", "BTC");
        await mock.Server.Services.Accounts.SetBalanceAsync(payer.DefaultWalletId, 10_000m, CancellationToken.None);
        var request = (await mock.Http.WithBearerAsync(mock.SessionToken, CreateBtc, new { input = new { walletId = Wallet(mock, "BTC"), amount = 1000 } }))
            .Data!["lnInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
        const string send = "mutation($input: LnInvoicePaymentInput!) { lnInvoicePaymentSend(input: $input) { status errors { code message } } }";
        var input = new { input = new { walletId = payer.DefaultWalletId, paymentRequest = request, idempotencyKey = "order-42" } };

        var first = await mock.Http.WithBearerAsync(payer.SessionToken, send, input);
        var again = await mock.Http.WithBearerAsync(payer.SessionToken, send, input);
        var withoutKey = await mock.Http.WithBearerAsync(payer.SessionToken, send, new { input = new { walletId = payer.DefaultWalletId, paymentRequest = request } });

        Assert.Equal("SUCCESS", first.Data!["lnInvoicePaymentSend"]!["status"]!.GetValue<string>());
        Assert.Equal("SUCCESS", again.Data!["lnInvoicePaymentSend"]!["status"]!.GetValue<string>());
        Assert.Equal("ALREADY_PAID", withoutKey.Data!["lnInvoicePaymentSend"]!["status"]!.GetValue<string>());
        var payerWallet = await mock.Server.Services.Accounts.GetWalletAsync(payer.DefaultWalletId, CancellationToken.None);
        Assert.Equal(9_000m, payerWallet!.Balance);
    }

    [Fact]
    public async Task Unroutable_and_unaffordable_payments_fail_with_a_reason()
    {
        await using var mock = await MockServerHarness.StartAsync();
        var request = (await mock.Http.WithBearerAsync(mock.SessionToken, CreateBtc, new { input = new { walletId = Wallet(mock, "BTC"), amount = 1000 } }))
            .Data!["lnInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
        const string send = "mutation($input: LnInvoicePaymentInput!) { lnInvoicePaymentSend(input: $input) { status errors { code } } }";
        var payer = await mock.Server.CreateAccountAsync("broke", "BTC");

        var broke = await mock.Http.WithBearerAsync(payer.SessionToken, send, new { input = new { walletId = payer.DefaultWalletId, paymentRequest = request } });
        var foreign = await mock.Http.WithBearerAsync(payer.SessionToken, send, new { input = new { walletId = payer.DefaultWalletId, paymentRequest = "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql" } });

        Assert.Equal("INSUFFICIENT_BALANCE", broke.Data!["lnInvoicePaymentSend"]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("FAILURE", foreign.Data!["lnInvoicePaymentSend"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Payment_status_subscriptions_report_pending_then_paid()
    {
        await using var mock = await MockServerHarness.StartAsync();
        var request = (await mock.Http.WithBearerAsync(mock.SessionToken, CreateUsd, new { input = new { walletId = Wallet(mock, "USD"), amount = 10 } }))
            .Data!["lnUsdInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
        await using var anonymous = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, null);
        await using var owner = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, mock.SessionToken);

        await anonymous.SubscribeAsync("s", "subscription($input: LnInvoicePaymentStatusInput!) { lnInvoicePaymentStatus(input: $input) { status } }", new { input = new { paymentRequest = request } });
        await owner.SubscribeAsync("u", "subscription { myUpdates { update { ... on LnUpdate { paymentHash status walletId } } } }");
        Assert.Equal("PENDING", (await anonymous.ReceiveAsync("s", "next"))["payload"]!["data"]!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());
        await owner.SendAsync(new { type = "ping" });
        await owner.ReceiveAsync();

        var invoice = await mock.Server.Services.Invoices.FindByRequestAsync(request, CancellationToken.None);
        await mock.Server.Services.Invoices.SettleAsync(invoice!.PaymentHash, null, CancellationToken.None);

        Assert.Equal("PAID", (await anonymous.ReceiveAsync("s", "next"))["payload"]!["data"]!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());
        await anonymous.ReceiveAsync("s", "complete");
        var update = (await owner.ReceiveAsync("u", "next"))["payload"]!["data"]!["myUpdates"]!["update"]!;
        Assert.Equal(invoice.PaymentHash, update["paymentHash"]!.GetValue<string>());
        Assert.Equal("PAID", update["status"]!.GetValue<string>());
    }

    private static string Wallet(MockServerHarness mock, string currency) =>
        mock.Server.Demo.Wallets.Single(w => w.Currency == currency).Id;

    private static async Task<string> StatusAsync(MockServerHarness mock, string request) =>
        (await mock.Http.QueryAsync(Status, new { input = new { paymentRequest = request } })).Data!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>();
}
