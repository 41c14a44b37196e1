using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// Answers a broken or hostile server could give, served verbatim over loopback: every one ends in a typed error
/// that says what was wrong, and none is passed on to BTCPay as if it were fine.
/// </summary>
public sealed class FlashLightningClientBadAnswerTests : ScriptedServerTest
{
    private const string UsdWallet = "usd-wallet-1";
    private const string BtcWallet = "btc-wallet-1";
    private const string Token = "flash_Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg";

    // $100,000 per bitcoin: one satoshi is a tenth of a cent.
    private static readonly string Price = PriceAnswer(100_000_000_000, 12);

    private static readonly string Me = $$$$"""
        {"me":{"id":"user-1","defaultAccount":{"id":"account-1","defaultWalletId":"{{{{UsdWallet}}}}","wallets":[
          {"id":"{{{{BtcWallet}}}}","walletCurrency":"BTC","balance":2100},
          {"id":"{{{{UsdWallet}}}}","walletCurrency":"USD","balance":1234.5}]}}}
        """;

    private const string LnurlMetadata = """[["text/plain","pay me"]]""";

    private readonly Key _node = new();
    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task A_payment_request_that_is_not_BOLT11_is_refused()
    {
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", new string('a', 64), "lnbcrt1thisisnotaninvoice"));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.InvalidInvoice, failure.Reason);
        Assert.IsType<FormatException>(failure.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task An_invoice_for_another_network_is_refused()
    {
        var (hash, invoice) = Invoice(1_000_000, network: Network.Main);
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", hash, invoice));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.InvalidInvoice, failure.Reason);
    }

    [Fact]
    public async Task An_invoice_whose_hash_is_not_the_reported_one_is_refused()
    {
        var (_, invoice) = Invoice(1_000_000);
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", new string('b', 64), invoice));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.PaymentHashMismatch, failure.Reason);
    }

    [Fact]
    public async Task A_BTC_invoice_for_another_amount_is_refused()
    {
        var (hash, invoice) = Invoice(999_000);
        Server.Enqueue(Data(MeAnd(Price)), Created("lnInvoiceCreate", hash, invoice));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(
            () => Client(new FlashWalletSelection(BtcWallet)).CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.AmountTooLow, failure.Reason);
        Assert.Contains("999000 msat", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1000, Sent(1).GetProperty("variables").GetProperty("input").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_USD_invoice_priced_too_low_is_asked_again_at_a_fresh_price_then_refused()
    {
        var (firstHash, first) = Invoice(990_000);
        var (secondHash, second) = Invoice(990_000);
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", firstHash, first), Data(Price), Created("lnUsdInvoiceCreate", secondHash, second));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.AmountTooLow, failure.Reason);
        Assert.Equal(4, Server.Requests.Count);
        Assert.Equal(["MeAndPrice", "LnUsdInvoiceCreate", "RealtimePrice", "LnUsdInvoiceCreate"],
            Server.Requests.Select(r => r.Json().GetProperty("operationName").GetString()));
    }

    [Fact]
    public async Task A_USD_invoice_repriced_within_tolerance_is_accepted()
    {
        var (lowHash, low) = Invoice(990_000);
        var (goodHash, good) = Invoice(1_000_000);
        // The price moved: a satoshi now costs 0.101 cents, so the same order is asked for in more cents.
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", lowHash, low),
            Data(PriceAnswer(101_000_000_000, 12)), Created("lnUsdInvoiceCreate", goodHash, good));

        var invoice = await Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5));

        Assert.Equal(good, invoice.BOLT11);
        Assert.Equal(100m, Sent(1).GetProperty("variables").GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Equal(101m, Sent(3).GetProperty("variables").GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Contains(_logs.Records, r => r.EventId.Id == FlashLogEvents.InvoiceRepriced.Id);
    }

    [Fact]
    public async Task A_USD_invoice_priced_far_too_high_is_refused()
    {
        var (firstHash, first) = Invoice(1_100_000);
        var (secondHash, second) = Invoice(1_100_000);
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreate", firstHash, first), Data(Price), Created("lnUsdInvoiceCreate", secondHash, second));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal(FlashInvoiceMismatch.AmountTooHigh, failure.Reason);
    }

    [Fact]
    public async Task An_LNURL_invoice_committing_to_another_hash_is_refused()
    {
        var (hash, invoice) = Invoice(1_000_000, descriptionHash: SHA256.HashData("something else"u8));
        Server.Enqueue(Data(MeAnd(Price)), Created("lnUsdInvoiceCreateOnBehalfOfRecipient", hash, invoice));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(
            new CreateInvoiceParams(LightMoney.Satoshis(1000), "[[\"text/plain\",\"pay me\"]]", TimeSpan.FromMinutes(5)) { DescriptionHashOnly = true }));

        Assert.Equal(FlashInvoiceMismatch.DescriptionHashMismatch, failure.Reason);
        var input = Sent(1).GetProperty("variables").GetProperty("input");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("[[\"text/plain\",\"pay me\"]]"))), input.GetProperty("descriptionHash").GetString());
        Assert.Equal(UsdWallet, input.GetProperty("recipientWalletId").GetString());
        Assert.False(input.TryGetProperty("memo", out _));
    }

    [Fact]
    public async Task A_BTC_LNURL_invoice_for_another_amount_is_refused_as_not_exact()
    {
        var (hash, invoice) = Invoice(1_001_000, descriptionHash: SHA256.HashData(Encoding.UTF8.GetBytes(LnurlMetadata)));
        Server.Enqueue(Data(MeAnd(Price)), Created("lnInvoiceCreateOnBehalfOfRecipient", hash, invoice));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(
            () => Client(new FlashWalletSelection(BtcWallet)).CreateInvoice(LnurlRequest(1_000_000)));

        Assert.Equal(FlashInvoiceMismatch.AmountNotExact, failure.Reason);
        Assert.Equal(
            "Flash returned an LNURL-pay invoice for 1001000 msat, not for the exact 1000000 msat asked for; LNURL wallets refuse " +
            $"any other amount, so it was not handed out: try again later (server {Server.HttpEndpoint.Authority})", failure.Message);
        Assert.Equal(1000, Sent(1).GetProperty("variables").GetProperty("input").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_USD_LNURL_invoice_asks_for_the_exact_cents_and_is_refused_when_not_exact_even_at_a_fresh_price()
    {
        // $12,345 per bitcoin: 1000 satoshis are exactly 12.345 cents, where a checkout would ask for 12.35.
        var price = PriceAnswer(12_345_000_000, 12);
        var descriptionHash = SHA256.HashData(Encoding.UTF8.GetBytes(LnurlMetadata));
        var (firstHash, first) = Invoice(1_001_000, descriptionHash: descriptionHash);
        var (secondHash, second) = Invoice(1_001_000, descriptionHash: descriptionHash);
        Server.Enqueue(Data(MeAnd(price)), Created("lnUsdInvoiceCreateOnBehalfOfRecipient", firstHash, first),
            Data(price), Created("lnUsdInvoiceCreateOnBehalfOfRecipient", secondHash, second));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => Client().CreateInvoice(LnurlRequest(1_000_000)));

        Assert.Equal(FlashInvoiceMismatch.AmountNotExact, failure.Reason);
        Assert.Equal(
            "Flash returned an LNURL-pay invoice for 1001000 msat, not for the exact 1000000 msat asked for, even at a fresh USD price; " +
            $"LNURL wallets refuse any other amount, so it was not handed out: try again in a moment (server {Server.HttpEndpoint.Authority})",
            failure.Message);
        Assert.Equal(["MeAndPrice", "LnUsdInvoiceCreateOnBehalfOfRecipient", "RealtimePrice", "LnUsdInvoiceCreateOnBehalfOfRecipient"],
            Server.Requests.Select(r => r.Json().GetProperty("operationName").GetString()));
        Assert.Equal(12.345m, Sent(1).GetProperty("variables").GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Equal(12.345m, Sent(3).GetProperty("variables").GetProperty("input").GetProperty("amount").GetDecimal());
        Assert.Contains(_logs.Records, r => r.EventId.Id == FlashLogEvents.InvoiceRepriced.Id);
    }

    [Fact]
    public async Task An_unknown_invoice_status_is_an_unexpected_answer()
    {
        var (_, invoice) = Invoice(1_000_000);
        Server.Enqueue(Data("""{"lnInvoicePaymentStatus":{"status":"REFUNDED","errors":[]}}"""));

        var failure = await Assert.ThrowsAsync<FlashUnexpectedResponseException>(() => Client().GetInvoice(invoice));

        Assert.Contains("$.status", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("REFUNDED", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"me":null}""", "'me' is null")]
    [InlineData("""{"me":{"id":"u","defaultAccount":{"id":"a","defaultWalletId":"w","wallets":null}}}""", "$.defaultAccount.wallets")]
    [InlineData("""{"me":{"id":"u","defaultAccount":{"id":"a","defaultWalletId":"w","wallets":[{"id":"w","walletCurrency":"EUR"}]}}}""", "walletCurrency")]
    [InlineData("""{"you":{}}""", "no 'me'")]
    public async Task Accounts_without_usable_wallets_are_unexpected_answers(string me, string problem)
    {
        Server.Enqueue(Data(me));

        var failure = await Assert.ThrowsAsync<FlashUnexpectedResponseException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"realtimePrice":null}""", "'realtimePrice' is null")]
    [InlineData("""{"realtimePrice":{"id":"p","timestamp":1,"denominatorCurrency":"USD","btcSatPrice":{"base":0,"offset":12}}}""", "USD price is missing")]
    [InlineData("""{"realtimePrice":{"id":"p","timestamp":1,"denominatorCurrency":"USD","btcSatPrice":{"base":1,"offset":40}}}""", "USD price is missing")]
    [InlineData("""{"realtimePrice":{"id":"p","timestamp":1,"denominatorCurrency":"JMD","btcSatPrice":{"base":15,"offset":0}}}""", "not in US cents")]
    [InlineData("""{"realtimePrice":{"id":"p","timestamp":1,"denominatorCurrency":"USD"}}""", "$")]
    public async Task A_missing_or_unusable_USD_price_is_an_unexpected_answer(string price, string problem)
    {
        // The first request's price is set aside; asked on its own, it is refused.
        Server.Enqueue(Data(MeAnd(price)), Data(price));

        var failure = await Assert.ThrowsAsync<FlashUnexpectedResponseException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Payload_errors_are_typed_and_never_repeat_a_token_the_server_echoes()
    {
        Server.Enqueue(Data(MeAnd(Price)), Data($$$"""
            {"lnUsdInvoiceCreate":{"invoice":null,"errors":[{"code":"INVALID_INPUT","message":"Credential {{{Token}}} may not create invoices","path":["input"]}]}}
            """));

        var failure = await Assert.ThrowsAsync<FlashPayloadErrorException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Equal("LnUsdInvoiceCreate", failure.Operation);
        Assert.Equal(["INVALID_INPUT"], failure.Codes);
        Assert.StartsWith("Flash refused to create the invoice: Credential (redacted) may not create invoices (INVALID_INPUT)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payload_with_neither_invoice_nor_errors_is_an_unexpected_answer()
    {
        Server.Enqueue(Data(MeAnd(Price)), Data("""{"lnUsdInvoiceCreate":{"invoice":null,"errors":[]}}"""));

        var failure = await Assert.ThrowsAsync<FlashUnexpectedResponseException>(() => Client().CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Contains("no invoice and no errors", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-wallet", WalletCurrency.BTC, "no wallet with id 'unknown-wallet'")]
    [InlineData(BtcWallet, WalletCurrency.USD, "holds BTC, not USD")]
    public async Task A_wallet_the_account_lacks_is_named(string? walletId, WalletCurrency? currency, string problem)
    {
        Server.Enqueue(Data(MeAnd(Price)));

        var failure = await Assert.ThrowsAsync<FlashWalletNotFoundException>(
            () => Client(new FlashWalletSelection(walletId, currency)).CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FAILURE", PayResult.Error, null)]
    [InlineData("PENDING", PayResult.Unknown, LightningPaymentStatus.Pending)]
    [InlineData("ALREADY_PAID", PayResult.Ok, LightningPaymentStatus.Complete)]
    public async Task Payment_statuses_map_to_BTCPay_s(string status, PayResult result, LightningPaymentStatus? details)
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.Enqueue(Data(MeAnd(Price)), Data($$$"""{"lnInvoicePaymentSend":{"status":"{{{status}}}","errors":[]}}"""));

        var response = await Client().Pay(invoice);

        Assert.Equal(result, response.Result);
        Assert.Equal(details, response.Details?.Status);
        var input = Sent(1).GetProperty("variables").GetProperty("input");
        Assert.Equal(invoice, input.GetProperty("paymentRequest").GetString());
        Assert.Equal(UsdWallet, input.GetProperty("walletId").GetString());
        Assert.Equal(32, input.GetProperty("idempotencyKey").GetString()!.Length);
    }

    [Fact]
    public async Task A_send_retried_after_a_lost_answer_carries_the_same_idempotency_key()
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.Enqueue(Data(MeAnd(Price)), ScriptedHttpResponse.Text("busy", 503), Data("""{"lnInvoicePaymentSend":{"status":"SUCCESS","errors":[]}}"""));

        var response = await Client().Pay(invoice);

        Assert.Equal(PayResult.Ok, response.Result);
        var keys = Server.Requests.Skip(1).Select(r => r.Json().GetProperty("variables").GetProperty("input").GetProperty("idempotencyKey").GetString()).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task A_PAID_pushed_by_the_subscription_is_reported_only_once_the_status_query_confirms_it()
    {
        var (_, invoice) = Invoice(5_000_000);
        var pushed = new TaskCompletionSource();
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = (await ws.ExpectAsync("subscribe")).GetProperty("id").GetString()!;
            // Flash once published PAID after a provider error: the subscription says paid, the query does not.
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PAID","errors":[]}}""");
            pushed.SetResult();
            // Once the plugin has asked (and heard PENDING), the real payment arrives and is pushed again.
            while (Server.Requests.Count < 2)
                await Task.Delay(10);
            await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PAID","errors":[]}}""");
            await ws.ExpectCloseAsync();
        };
        Server.Enqueue(
            Data("""{"lnInvoicePaymentStatus":{"status":"PENDING","errors":[]}}"""),
            Data("""{"lnInvoicePaymentStatus":{"status":"PENDING","errors":[]}}"""),
            Data("""{"lnInvoicePaymentStatus":{"status":"PAID","errors":[]}}"""));
        // No poll in this test's time: each status query is the listener confirming a pushed PAID.
        var client = Client(options: new FlashLightningClientOptions { StatusPollInterval = TimeSpan.FromHours(1) });
        Assert.Equal(LightningInvoiceStatus.Unpaid, (await client.GetInvoice(invoice))!.Status);

        using var listener = await client.Listen();
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(pushed.Task.IsCompleted);
        Assert.Equal((invoice, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
        // The lookup, the confirmation that said PENDING, and the one that said PAID.
        Assert.Equal(3, Server.Requests.Count);
        Assert.Contains(_logs.Records, r => r.EventId.Id == FlashLogEvents.PaidNotConfirmed.Id);
    }

    [Fact]
    public async Task A_flood_of_PAID_pushes_is_confirmed_one_status_query_at_a_time()
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.WebSocketScript = async ws =>
        {
            await ws.AcknowledgeAsync();
            var id = (await ws.ExpectAsync("subscribe")).GetProperty("id").GetString()!;
            // More pushes than the socket would queue for a reader that falls behind.
            for (var i = 0; i < 1 + GraphQLWebSocketClient.MaxUnreadResults + 4; i++)
                await ws.SendNextAsync(id, """{"lnInvoicePaymentStatus":{"status":"PAID","errors":[]}}""");
            await ws.ExpectCloseAsync();
        };
        Server.Enqueue(
            Data("""{"lnInvoicePaymentStatus":{"status":"PENDING","errors":[]}}"""),
            // The first confirmation is slow: the rest of the flood arrives while it is asked.
            Data("""{"lnInvoicePaymentStatus":{"status":"PENDING","errors":[]}}""") with { Delay = TimeSpan.FromMilliseconds(300) },
            Data("""{"lnInvoicePaymentStatus":{"status":"PAID","errors":[]}}"""));
        var counting = new InFlightCounter { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(counting);
        var client = Client(options: new FlashLightningClientOptions { StatusPollInterval = TimeSpan.FromHours(1) }, http: http);
        Assert.Equal(LightningInvoiceStatus.Unpaid, (await client.GetInvoice(invoice))!.Status);

        using var listener = await client.Listen();
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((invoice, LightningInvoiceStatus.Paid), (paid.Id, paid.Status));
        // One confirmation at a time, and the pushes that came during the first one ask once more, not once each.
        Assert.Equal(1, counting.MostAtOnce);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task A_payout_whose_fee_Flash_puts_over_the_limit_is_not_sent_and_says_the_fee()
    {
        var (_, invoice) = Invoice(5_000_000);
        // 5 cents at $100,000 per bitcoin are 50 sats; 0.5% of 5,000 sats is 25.
        Server.Enqueue(Data(MeAnd(Price)), Data("""{"lnUsdInvoiceFeeProbe":{"amount":5,"errors":[]}}"""));

        var response = await Client().Pay(invoice, new PayInvoiceParams { MaxFeePercent = 0.5 });

        Assert.Equal(PayResult.Error, response.Result);
        Assert.Equal("Flash would charge 5 cents (about 50 sats) to pay this invoice, more than the payout's fee limit of 25 sats: the payout was not sent.", response.ErrorDetail);
        Assert.DoesNotContain(Server.Requests, r => r.Body.Contains("lnInvoicePaymentSend", StringComparison.Ordinal));
        var probe = Sent(1).GetProperty("variables").GetProperty("input");
        Assert.Equal((UsdWallet, invoice), (probe.GetProperty("walletId").GetString(), probe.GetProperty("paymentRequest").GetString()));
    }

    [Fact]
    public async Task A_payout_whose_fee_is_within_either_limit_is_sent()
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.Enqueue(Data(MeAnd(Price)), Data("""{"lnUsdInvoiceFeeProbe":{"amount":5,"errors":[]}}"""),
            Data("""{"lnInvoicePaymentSend":{"status":"SUCCESS","errors":[]}}"""));

        var response = await Client().Pay(invoice, new PayInvoiceParams { MaxFeePercent = 0.5, MaxFeeFlat = Money.Satoshis(60) });

        Assert.Equal(PayResult.Ok, response.Result);
    }

    [Fact]
    public async Task A_payout_from_a_wallet_without_a_fee_probe_is_not_sent_under_a_fee_limit()
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.Enqueue(Data(MeAnd(Price)), ScriptedHttpResponse.Json("""{"data":null,"errors":[{"message":"Not implemented","path":["lnInvoiceFeeProbe"]}]}"""));

        var response = await Client(new FlashWalletSelection(BtcWallet)).Pay(invoice, new PayInvoiceParams { MaxFeeFlat = Money.Satoshis(10) });

        Assert.Equal(PayResult.Error, response.Result);
        Assert.Equal("Flash cannot tell in advance what it would charge to pay from this BTC wallet (Not implemented), so the payout's fee limit cannot be checked: the payout was not sent. Pay it from a dollar wallet, or without a fee limit.", response.ErrorDetail);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_payout_without_a_fee_limit_asks_no_fee()
    {
        var (_, invoice) = Invoice(5_000_000);
        Server.Enqueue(Data(MeAnd(Price)), Data("""{"lnInvoicePaymentSend":{"status":"SUCCESS","errors":[]}}"""));

        var response = await Client().Pay(invoice, new PayInvoiceParams());

        Assert.Equal(PayResult.Ok, response.Result);
        Assert.Equal(2, Server.Requests.Count);
    }

    private static readonly string LongText = "Wallet " + string.Join(' ', Enumerable.Repeat("busy", 100));

    public static TheoryData<string, string> TopLevelRefusals => new()
    {
        // Flash today: a BTC wallet cannot receive (NotImplementedError, no code).
        { """{"message":"Flash does not support BTC wallets.","path":["lnInvoiceCreate"]}""", "Flash does not support BTC wallets." },
        // As Flash's Apollo server sends it: the generic code at the top level, which says nothing to a merchant.
        { """{"message":"Flash does not support BTC wallets.","locations":[{"line":2,"column":3}],"path":["lnInvoiceCreate"],"code":"INTERNAL_SERVER_ERROR"}""", "Flash does not support BTC wallets." },
        // A code the plugin does not act on is shown with the text.
        { """{"message":"Invoice amount too small","path":["lnInvoiceCreate"],"extensions":{"code":"AMOUNT_TOO_SMALL"}}""", "Invoice amount too small (AMOUNT_TOO_SMALL)" },
        // Control and invisible characters go; a credential echoed back is redacted.
        { """{"message":"Wallet\u0000 is \u202Elocked\u202C\r\nfor key fk_0a1b2c3d_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2"}""", "Wallet is locked for key (redacted)" },
        // A long text is cut at 200 characters.
        { $$"""{"message":"{{LongText}}"}""", LongText[..199] + "…" },
    };

    [Theory]
    [MemberData(nameof(TopLevelRefusals))]
    public async Task A_top_level_error_reaches_the_merchant_in_Flash_s_own_words(string error, string flashSays)
    {
        Server.Enqueue(Data(MeAnd(Price)), ScriptedHttpResponse.Json($$"""{"data":null,"errors":[{{error}}]}"""));

        var failure = await Assert.ThrowsAsync<FlashPayloadErrorException>(() =>
            Client(new FlashWalletSelection(BtcWallet)).CreateInvoice(LightMoney.Satoshis(1000), "x", TimeSpan.FromMinutes(5)));

        // BTCPay shows the merchant "Impossible to create lightning invoice ({ex.Message})".
        Assert.Equal($"Flash refused to create the invoice: {flashSays} (server {Server.HttpEndpoint.Authority})", failure.Message);
        Assert.DoesNotContain("fk_", failure.Message, StringComparison.Ordinal);
        Assert.False(failure.MayRetry);
    }

    private FlashLightningClient Client(FlashWalletSelection? wallet = null, FlashLightningClientOptions? options = null, HttpClient? http = null)
    {
        http ??= HttpClient;
        var quickRetries = new GraphQLHttpTransportOptions { InitialBackoff = TimeSpan.FromMilliseconds(1) };
        var session = new FlashSession(FlashEndpoints.For(Server.HttpEndpoint, Server.WebSocketEndpoint),
            new FlashApiClient(new GraphQLHttpTransport(http, Server.HttpEndpoint, _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(Token)), quickRetries)),
            wallet ?? FlashWalletSelection.AccountDefault);
        var publicApi = new FlashPublicApi(endpoint => new GraphQLHttpTransport(http, endpoint, options: quickRetries), endpoint => new GraphQLWebSocketClient(endpoint));
        return new FlashLightningClient(new FlashClientSettings("type=flash", Network.RegTest) { Options = options ?? new() },
            _ => ValueTask.FromResult(session), new FlashConnectionState(), publicApi, loggerFactory: _logs.CreateFactory());
    }

    private static CreateInvoiceParams LnurlRequest(long msat) =>
        new(LightMoney.MilliSatoshis(msat), LnurlMetadata, TimeSpan.FromMinutes(5)) { DescriptionHashOnly = true };

    private System.Text.Json.JsonElement Sent(int index) => Server.Requests.ElementAt(index).Json();

    private static ScriptedHttpResponse Data(string json) => ScriptedHttpResponse.Data(json);

    private static ScriptedHttpResponse Created(string field, string paymentHash, string paymentRequest) => Data($$$"""
        {"{{{field}}}":{"invoice":{"paymentHash":"{{{paymentHash}}}","paymentRequest":"{{{paymentRequest}}}","paymentSecret":"{{{new string('5', 64)}}}"},"errors":[]}}
        """);

    /// <summary>The answer to the first request of a session: the account and the USD price together.</summary>
    private static string MeAnd(string price) => Me.TrimEnd()[..^1] + "," + price.Trim()[1..];

    private static string PriceAnswer(long priceBase, int offset) => string.Create(CultureInfo.InvariantCulture, $$$$"""
        {"realtimePrice":{"id":"price","timestamp":1700000000,"denominatorCurrency":"USD","btcSatPrice":{"base":{{{{priceBase}}}},"offset":{{{{offset}}}}}}}
        """);

    private (string PaymentHash, string PaymentRequest) Invoice(long msat, Network? network = null, byte[]? descriptionHash = null)
    {
        var hash = RandomNumberGenerator.GetBytes(32);
        return (Convert.ToHexStringLower(hash), TestInvoices.Write(msat, network, _node, paymentHash: hash, descriptionHash: descriptionHash));
    }

    /// <summary>The most HTTP requests this client had on their way at once.</summary>
    private sealed class InFlightCounter : DelegatingHandler
    {
        private int _now;
        private int _most;

        public int MostAtOnce => Volatile.Read(ref _most);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _now);
            var most = Volatile.Read(ref _most);
            while (now > most && Interlocked.CompareExchange(ref _most, now, most) is var seen && seen != most)
                most = seen;
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }
}
