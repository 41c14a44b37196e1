using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Lightning.Bolt11;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// BTCPay's view of a Flash wallet, end to end over real loopback against the in-process mock, in both token
/// dialects. Each BTCPay call uses a new client instance on the store's shared state, as BTCPay does.
/// </summary>
public sealed class FlashLightningClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static TheoryData<TokenDialect> Dialects => [TokenDialect.Seed, TokenDialect.Fip07];

    public static TheoryData<TokenDialect, WalletCurrency, long, long> Checkouts => new()
    {
        // USD: 1234 sats are 123.4 cents at the mock's $100,000, and come back as exactly 1234 sats.
        { TokenDialect.Seed, WalletCurrency.USD, 1_234_000, 1_234_000 },
        { TokenDialect.Fip07, WalletCurrency.USD, 1_234_000, 1_234_000 },
        // BTC: Flash takes whole satoshis, so a millisatoshi more is a satoshi more.
        { TokenDialect.Seed, WalletCurrency.BTC, 1_500_001, 1_501_000 },
        { TokenDialect.Fip07, WalletCurrency.BTC, 1_500_001, 1_501_000 },
    };

    [Theory]
    [MemberData(nameof(Checkouts))]
    public async Task Checkout_is_paid_and_heard_with_the_amount_of_the_invoice(TokenDialect dialect, WalletCurrency currency, long askedMsat, long invoiceMsat)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        using var store = await FlashStore.ConnectAsync(mock, dialect, new FlashWalletSelection(Currency: currency));
        using var listener = await store.NewClient().Listen();

        var invoice = await store.NewClient().CreateInvoice(LightMoney.MilliSatoshis(askedMsat), "Order 42", TimeSpan.FromMinutes(15));
        await store.PayAsync(invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        var decoded = Bolt11Invoice.Parse(invoice.BOLT11, Network.RegTest);
        Assert.Equal(invoice.BOLT11, invoice.Id);
        Assert.Equal(LightMoney.MilliSatoshis(invoiceMsat), invoice.Amount);
        Assert.Equal(decoded.PaymentHash, invoice.PaymentHash);
        Assert.Equal(decoded.ExpiresAt, invoice.ExpiresAt);
        Assert.Equal("Order 42", decoded.Description);
        Assert.Equal(LightningInvoiceStatus.Unpaid, invoice.Status);
        Assert.Null(invoice.Preimage);
        Assert.Equal(invoice.Id, paid.Id);
        Assert.Equal(LightningInvoiceStatus.Paid, paid.Status);
        Assert.Equal(LightMoney.MilliSatoshis(invoiceMsat), paid.AmountReceived);
        Assert.NotNull(paid.PaidAt);
        Assert.Null(paid.Preimage);
        Assert.DoesNotContain(store.Credential, store.Logs.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_USD_invoice_is_never_for_less_than_asked_at_an_awkward_price()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 63_917.37m);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: WalletCurrency.USD));
        var client = store.NewClient();

        foreach (var msat in new long[] { 1_000, 1_001, 7_777_777, 123_456_789, 99_999_999_999 })
        {
            var invoice = await client.CreateInvoice(LightMoney.MilliSatoshis(msat), "", TimeSpan.FromMinutes(5));
            Assert.InRange(invoice.Amount.MilliSatoshi, msat, FlashAmounts.MaxUsdInvoiceMsat(msat));
        }
    }

    [Theory]
    [InlineData(WalletCurrency.USD)]
    [InlineData(WalletCurrency.BTC)]
    public async Task A_store_s_first_invoice_after_a_start_costs_two_round_trips(WalletCurrency currency)
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: currency));

        await store.NewClient().CreateInvoice(LightMoney.Satoshis(2_100), "cold", TimeSpan.FromMinutes(15));

        // The account and the USD price together, then the invoice: within BTCPay's five seconds even on a slow link.
        Assert.Equal(2, store.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Steady_state_invoice_creation_costs_one_request_even_on_new_client_instances(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        using var store = await FlashStore.ConnectAsync(mock, dialect, new FlashWalletSelection(Currency: WalletCurrency.USD));
        await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "warm-up", TimeSpan.FromMinutes(5));
        var before = store.HttpRequests;

        await store.NewClient().CreateInvoice(LightMoney.Satoshis(200), "second", TimeSpan.FromMinutes(5));

        Assert.Equal(1, store.HttpRequests - before);
    }

    [Theory]
    [InlineData(WalletCurrency.USD)]
    [InlineData(WalletCurrency.BTC)]
    public async Task An_LNURL_invoice_commits_to_the_metadata_hash(WalletCurrency currency)
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: currency));
        const string metadata = """[["text/plain","Pay the demo store"],["text/identifier","demo@flash.mock"]]""";

        var invoice = await store.NewClient().CreateInvoice(
            new CreateInvoiceParams(LightMoney.Satoshis(2100), metadata, TimeSpan.FromMinutes(10)) { DescriptionHashOnly = true });

        var decoded = Bolt11Invoice.Parse(invoice.BOLT11, Network.RegTest);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(metadata))), decoded.DescriptionHash);
        Assert.True(decoded.MatchesDescription(metadata));
        Assert.Equal(LightMoney.Satoshis(2100), invoice.Amount);
    }

    [Theory]
    [InlineData(WalletCurrency.BTC)]
    [InlineData(WalletCurrency.USD)]
    public async Task An_LNURL_amount_between_two_satoshis_is_refused_before_asking_Flash(WalletCurrency currency)
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: currency));

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => store.NewClient().CreateInvoice(LnurlRequest(1_500)));

        Assert.Equal(FlashInvoiceMismatch.AmountNotWholeSatoshis, failure.Reason);
        Assert.Equal(
            "Flash invoices whole satoshis only, so it cannot make an LNURL-pay invoice for exactly 1500 msat: " +
            $"ask for a whole number of satoshis (a multiple of 1000 msat) (server {mock.Server.GraphQLUri.Authority})", failure.Message);
        Assert.Equal(0, store.HttpRequests);
    }

    /// <summary>
    /// At these prices a hundredth of a cent is most of a satoshi: cents rounded to hundredths, as a checkout asks,
    /// would come back a satoshi high, which an LNURL wallet refuses.
    /// </summary>
    [Theory]
    [InlineData(11_000)]
    [InlineData(12_345)]
    public async Task A_USD_LNURL_invoice_is_for_exactly_the_amount_asked(decimal btcUsd)
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = btcUsd);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: WalletCurrency.USD));
        var client = store.NewClient();

        foreach (var msat in new long[] { 1_000, 2_000, 21_000, 1_234_000, 99_999_999_000 })
        {
            var invoice = await client.CreateInvoice(LnurlRequest(msat));
            Assert.Equal(msat, Bolt11Invoice.Parse(invoice.BOLT11, Network.RegTest).AmountMilliSatoshi);
            Assert.Equal(LightMoney.MilliSatoshis(msat), invoice.Amount);
        }
    }

    [Fact]
    public async Task A_USD_LNURL_invoice_after_the_price_moved_is_asked_again_at_a_fresh_price_and_is_exact()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 100_000m);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: WalletCurrency.USD));
        await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "caches the price", TimeSpan.FromMinutes(5));
        // Half a percent cheaper: the cached price's cents now buy 2010 satoshis, which a checkout would accept.
        await store.SetPriceAsync(99_500m);

        var invoice = await store.NewClient().CreateInvoice(LnurlRequest(2_000_000));

        Assert.Equal(2_000_000, Bolt11Invoice.Parse(invoice.BOLT11, Network.RegTest).AmountMilliSatoshi);
        Assert.Contains(store.Logs.Records, r => r.EventId.Id == FlashLogEvents.InvoiceRepriced.Id);
    }

    [Fact]
    public async Task A_server_that_drops_the_description_hash_fails_the_LNURL_invoice_and_says_why()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07, o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);

        var failure = await Assert.ThrowsAsync<FlashInvoiceMismatchException>(() => store.NewClient().CreateInvoice(
            new CreateInvoiceParams(LightMoney.Satoshis(2100), "[[\"text/plain\",\"x\"]]", TimeSpan.FromMinutes(10)) { DescriptionHashOnly = true }));

        Assert.Equal(FlashInvoiceMismatch.DescriptionHashMissing, failure.Reason);
        Assert.Contains("description hash", failure.Message, StringComparison.Ordinal);
        Assert.Contains("LNURL", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_is_asked_in_whole_minutes_and_read_back_from_the_invoice()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07, o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        var client = store.NewClient();

        // Flash today caps receive invoices at 60 seconds: what BTCPay gets is the invoice's expiry, not what it asked.
        var capped = await client.CreateInvoice(LightMoney.Satoshis(100), "capped", TimeSpan.FromMinutes(15));
        var decoded = Bolt11Invoice.Parse(capped.BOLT11, Network.RegTest);

        Assert.Equal(TimeSpan.FromSeconds(60), decoded.Expiry);
        Assert.Equal(decoded.Timestamp + TimeSpan.FromSeconds(60), capped.ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task GetInvoice_answers_from_the_id_alone_after_a_host_restart(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        using var store = await FlashStore.ConnectAsync(mock, dialect, new FlashWalletSelection(Currency: WalletCurrency.USD));
        var created = await store.NewClient().CreateInvoice(LightMoney.Satoshis(500), "before restart", TimeSpan.FromMinutes(15));

        store.Restart();
        var unpaid = await store.NewClient().GetInvoice(created.Id);
        await store.PayAsync(created.BOLT11);
        var paid = await store.NewClient().GetInvoice(created.Id);

        Assert.Equal(LightningInvoiceStatus.Unpaid, unpaid!.Status);
        Assert.Equal(created.PaymentHash, unpaid.PaymentHash);
        Assert.Equal(LightningInvoiceStatus.Paid, paid!.Status);
        Assert.Equal(LightMoney.Satoshis(500), paid.AmountReceived);
        Assert.NotNull(paid.PaidAt);
        Assert.Equal(created.ExpiresAt, paid.ExpiresAt);
        // Looked up once, it is known by payment hash again.
        Assert.Equal(created.Id, (await store.NewClient().GetInvoice(uint256.Parse(created.PaymentHash)))!.Id);
    }

    [Fact]
    public async Task GetInvoice_returns_null_for_what_is_not_a_Flash_invoice()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var client = store.NewClient();
        var elsewhere = TestInvoices.Write();
        var mainnet = (await client.CreateInvoice(LightMoney.Satoshis(10), "regtest", TimeSpan.FromMinutes(1))).Id;

        Assert.Null(await client.GetInvoice("not an invoice"));
        Assert.Null(await client.GetInvoice(elsewhere));
        Assert.Null(await store.NewClient(Network.Main).GetInvoice(mainnet));
        Assert.Null(await client.GetInvoice(uint256.Parse(new string('1', 64))));
    }

    [Fact]
    public async Task After_a_restart_the_listener_hears_of_invoices_BTCPay_looks_up()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var created = await store.NewClient().CreateInvoice(LightMoney.Satoshis(700), "before restart", TimeSpan.FromMinutes(15));

        // BTCPay after a restart: Listen(), then poll every invoice it still waits for with GetInvoice(id).
        store.Restart();
        using var listener = await store.NewClient().Listen();
        Assert.Equal(LightningInvoiceStatus.Unpaid, (await store.NewClient().GetInvoice(created.Id))!.Status);
        await store.PayAsync(created.BOLT11);

        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(created.Id, paid.Id);
        Assert.Equal(LightningInvoiceStatus.Paid, paid.Status);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task A_revoked_credential_surfaces_as_the_transport_s_unauthorized_error(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        using var store = await FlashStore.ConnectAsync(mock, dialect, FlashWalletSelection.AccountDefault);
        await store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "while valid", TimeSpan.FromMinutes(5));

        await store.RevokeAsync();
        var failure = await Assert.ThrowsAsync<FlashUnauthorizedException>(
            () => store.NewClient().CreateInvoice(LightMoney.Satoshis(100), "after revocation", TimeSpan.FromMinutes(5)));

        Assert.Equal(401, failure.HttpStatus);
        Assert.DoesNotContain(store.Credential, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(store.Credential, store.Logs.AllText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WalletCurrency.USD, 1234.5, 12_345_000)]
    [InlineData(WalletCurrency.BTC, 5000, 5_000_000)]
    public async Task The_balance_is_the_wallet_s_in_millisatoshi(WalletCurrency currency, decimal balance, long expectedMsat)
    {
        // $100,000 per bitcoin: a tenth of a cent per satoshi.
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 100_000m);
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: currency));
        await store.SetBalanceAsync(currency.ToString(), balance);

        var result = await store.NewClient().GetBalance();

        Assert.Equal(LightMoney.MilliSatoshis(expectedMsat), result.OffchainBalance.Local);
        Assert.Equal(LightMoney.Zero, result.OffchainBalance.Opening);
        Assert.Equal(LightMoney.Zero, result.OffchainBalance.Closing);
        Assert.Null(result.OffchainBalance.Remote);
        Assert.Null(result.OnchainBalance);
    }

    [Fact]
    public async Task GetInfo_names_the_instance_and_refuses_another_network()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);

        var info = await store.NewClient().GetInfo();
        var mismatch = await Assert.ThrowsAsync<FlashNetworkMismatchException>(() => store.NewClient(Network.Main).GetInfo());

        Assert.Equal("Flash (flash.mock)", info.Alias);
        Assert.Empty(info.NodeInfoList);
        Assert.Equal("regtest", mismatch.FlashNetwork);
        Assert.Equal("mainnet", mismatch.ExpectedNetwork);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Paying_another_account_s_invoice_completes_and_is_found_by_hash(TokenDialect dialect)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var merchantAccount = await mock.Server.CreateAccountAsync("merchant", "BTC");
        using var payer = await FlashStore.ConnectAsync(mock, dialect, new FlashWalletSelection(Currency: WalletCurrency.BTC));
        using var merchant = await FlashStore.ConnectAsync(mock, dialect, FlashWalletSelection.AccountDefault, merchantAccount);
        await payer.SetBalanceAsync("BTC", 10_000);
        var invoice = await merchant.NewClient().CreateInvoice(LightMoney.Satoshis(2500), "payout", TimeSpan.FromMinutes(10));

        var response = await payer.NewClient().Pay(invoice.BOLT11);
        var again = await payer.NewClient().Pay(invoice.BOLT11);
        var payment = await payer.NewClient().GetPayment(invoice.PaymentHash);

        Assert.Equal(PayResult.Ok, response.Result);
        Assert.Equal(LightningPaymentStatus.Complete, response.Details.Status);
        Assert.Equal(LightMoney.Satoshis(2500), response.Details.TotalAmount);
        Assert.Equal(uint256.Parse(invoice.PaymentHash), response.Details.PaymentHash);
        Assert.Equal(PayResult.Ok, again.Result);
        Assert.Equal(LightningPaymentStatus.Complete, payment!.Status);
        Assert.Equal(LightMoney.Satoshis(2500), payment.AmountSent);
        Assert.Equal(invoice.BOLT11, payment.BOLT11);
        Assert.Equal(LightningInvoiceStatus.Paid, (await merchant.NewClient().GetInvoice(invoice.Id))!.Status);
    }

    [Fact]
    public async Task Under_flash_today_a_payout_s_fee_limit_is_checked_with_the_usd_fee_probe()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));
        using var payer = await FlashStore.ConnectAsync(mock, TokenDialect.Fip07, new FlashWalletSelection(Currency: WalletCurrency.USD));
        await payer.SetBalanceAsync("USD", 100_000);
        // Another node's invoice of 100,000 sats: the mock quotes half a percent, rounded up to a cent (500 sats = 50 cents
        // at $100,000 per bitcoin).
        var elsewhere = TestInvoices.Write(100_000_000);

        var refused = await payer.NewClient().Pay(elsewhere, new PayInvoiceParams { MaxFeePercent = 0.1 });
        var allowed = await payer.NewClient().Pay(elsewhere, new PayInvoiceParams { MaxFeeFlat = Money.Satoshis(600) });

        Assert.Equal(PayResult.Error, refused.Result);
        Assert.Equal("Flash would charge 50 cents (about 500 sats) to pay this invoice, more than the payout's fee limit of 100 sats: the payout was not sent.", refused.ErrorDetail);
        // Within the limit the payment is attempted (and, the mock having no route to another node, not found a route).
        Assert.Equal(PayResult.CouldNotFindRoute, allowed.Result);
    }

    [Fact]
    public async Task Payments_Flash_refuses_are_errors_with_Flash_s_reason()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var payer = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, new FlashWalletSelection(Currency: WalletCurrency.BTC));
        var merchantAccount = await mock.Server.CreateAccountAsync("merchant", "BTC");
        using var merchant = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault, merchantAccount);
        var invoice = await merchant.NewClient().CreateInvoice(LightMoney.Satoshis(2500), "too dear", TimeSpan.FromMinutes(10));
        var unroutable = TestInvoices.Write();

        var broke = await payer.NewClient().Pay(invoice.BOLT11);
        var noRoute = await payer.NewClient().Pay(unroutable);
        var noAmount = await payer.NewClient().Pay(TestInvoices.Write(milliSatoshi: null));
        var garbage = await payer.NewClient().Pay("lnbc1garbage");

        Assert.Equal(PayResult.Error, broke.Result);
        Assert.Equal("Insufficient balance (INSUFFICIENT_BALANCE)", broke.ErrorDetail);
        Assert.Equal(LightningPaymentStatus.Failed, (await payer.NewClient().GetPayment(invoice.PaymentHash))!.Status);
        Assert.Equal(PayResult.CouldNotFindRoute, noRoute.Result);
        Assert.Equal(PayResult.Error, noAmount.Result);
        Assert.Equal(PayResult.Error, garbage.Result);
        Assert.Null(await payer.NewClient().GetPayment(new string('2', 64)));
    }

    [Fact]
    public async Task What_Flash_cannot_do_is_NotSupported_with_a_reason()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var client = store.NewClient();
        var node = new NodeInfo(new Key().PubKey, "127.0.0.1", 9735);

        var failures = new List<NotSupportedException>
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => client.ListChannels()),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.OpenChannel(new OpenChannelRequest())),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.GetDepositAddress()),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.ConnectTo(node)),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.CancelInvoice("x")),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.ListInvoices()),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.ListPayments(new ListPaymentsParams())),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.Pay(new PayInvoiceParams())),
            await Assert.ThrowsAsync<NotSupportedException>(() => client.CreateInvoice(LightMoney.Zero, "top-up", TimeSpan.FromMinutes(5))),
        };

        Assert.All(failures, f => Assert.StartsWith("Flash", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_is_the_connection_string_BTCPay_stores()
    {
        using var http = new HttpClient();
        var publicApi = new FlashPublicApi(endpoint => new GraphQLHttpTransport(http, endpoint), endpoint => new GraphQLWebSocketClient(endpoint));
        var client = new FlashLightningClient(new FlashClientSettings("type=flash;server=https://api.flashapp.me/graphql", Network.Main),
            _ => throw new InvalidOperationException("ToString asks nothing of Flash"), new FlashConnectionState(), publicApi);

        Assert.Equal("type=flash;server=https://api.flashapp.me/graphql", client.ToString());
    }

    private static CreateInvoiceParams LnurlRequest(long msat) =>
        new(LightMoney.MilliSatoshis(msat), """[["text/plain","Pay the demo store"]]""", TimeSpan.FromMinutes(10)) { DescriptionHashOnly = true };
}
