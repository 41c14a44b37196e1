using System.Net;
using System.Net.Http.Json;
using Flash.MockServer.Control;
using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>Hosting rules, the control API's switch, usage bookkeeping and invoice expiry.</summary>
public sealed class MockServerHostingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.168.1.10:8080")]
    [InlineData("http://example.com:80")]
    [InlineData("ftp://127.0.0.1:21")]
    public async Task Listens_only_on_loopback(string urls)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            MockFlashServer.StartAsync(new MockFlashServerOptions { DatabasePath = ":memory:", Urls = urls }));
        Assert.Contains(urls.Split("//")[1].Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_profiles_are_an_error_not_a_silent_default()
    {
        var error = Assert.Throws<ArgumentException>(() => new MockFlashServerOptions().ApplyProfile("flash-tomorrow"));
        Assert.Contains(MockFlashServerOptions.FlashTodayProfile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_api_is_off_unless_enabled()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.EnableControlApi = false);
        using var http = new HttpClient { BaseAddress = mock.Server.BaseUri };

        var response = await http.PostAsJsonAsync("_mock/accounts", new { username = "nobody" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_control_api_creates_accounts_with_sessions()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = mock.Server.BaseUri };

        var created = await (await http.PostAsJsonAsync("_mock/accounts", new { username = "shop", defaultWalletCurrency = "BTC" })).Content.ReadFromJsonAsync<AccountDescription>();
        var me = await mock.Http.WithBearerAsync(created!.SessionToken, "{ me { id defaultAccount { defaultWalletId } } }");

        Assert.Equal(created.AccountId, me.Data!["me"]!["id"]!.GetValue<string>());
        Assert.Equal(created.Wallets.Single(w => w.Currency == "BTC").Id, me.Data["me"]!["defaultAccount"]!["defaultWalletId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("_mock/accounts", new { username = "shop" })).StatusCode);
    }

    [Fact]
    public async Task The_audit_log_is_readable_through_the_control_api_and_holds_no_secret()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], name: "audited");
        await mock.Http.WithBearerAsync(token[..^1] + "x", "{ me { id } }");
        using var http = new HttpClient { BaseAddress = mock.Server.BaseUri };

        var body = await http.GetStringAsync($"_mock/audit?accountId={mock.Server.Demo.AccountId}");
        var all = await http.GetStringAsync("_mock/audit");

        Assert.Contains("\"event\":\"created\"", body, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"denied\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain(token[6..40], all, StringComparison.Ordinal);
        Assert.DoesNotContain(mock.SessionToken, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_used_is_written_at_most_once_a_minute_while_counts_stay_exact()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.TimeProvider = clock);
        var token = await CredentialFlows.TokenAsync(mock, ["read"], name: "counted");
        async Task<Credential> StoredAsync() =>
            (await new CredentialRepository(mock.Server.Services.Database).ListAsync(mock.Server.Demo.AccountId, CredentialKind.Token, CancellationToken.None)).Single();

        await mock.Http.WithBearerAsync(token, "{ me { id } }");
        var first = (await StoredAsync()).LastUsedAt;
        clock.Advance(TimeSpan.FromSeconds(30));
        await mock.Http.WithBearerAsync(token, "{ me { id } }");
        var within = (await StoredAsync()).LastUsedAt;
        clock.Advance(TimeSpan.FromSeconds(31));
        await mock.Http.WithBearerAsync(token, "{ me { id } }");
        var after = await StoredAsync();

        Assert.NotNull(first);
        Assert.Equal(first, within);
        Assert.True(after.LastUsedAt > first);
        Assert.Equal(3, after.RequestCount);
    }

    [Fact]
    public async Task Invoices_expire_on_the_server_clock_and_subscribers_hear_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.TimeProvider = clock);
        var usd = mock.Server.Demo.Wallets.Single(w => w.Currency == "USD").Id;
        var request = (await mock.Http.WithBearerAsync(mock.SessionToken,
            "mutation($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) { invoice { paymentRequest } } }",
            new { input = new { walletId = usd, amount = 5, expiresIn = 1 } })).Data!["lnUsdInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(mock.Server.WebSocketUri, null);
        await socket.SubscribeAsync("s", "subscription($r: LnPaymentRequest!) { lnInvoicePaymentStatus(input: { paymentRequest: $r }) { status } }", new { r = request });
        Assert.Equal("PENDING", (await socket.ReceiveAsync("s", "next"))["payload"]!["data"]!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("EXPIRED", (await socket.ReceiveAsync("s", "next"))["payload"]!["data"]!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());
        var invoice = await mock.Server.Services.Invoices.FindByRequestAsync(request, CancellationToken.None);
        Assert.Equal(SettlementResult.Expired, await mock.Server.Services.Invoices.SettleAsync(invoice!.PaymentHash, null, CancellationToken.None));
    }

    [Fact]
    public async Task No_amount_invoices_are_settled_with_the_amount_paid()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 100_000m);
        var btc = mock.Server.Demo.Wallets.Single(w => w.Currency == "BTC").Id;
        var invoice = (await mock.Http.WithBearerAsync(mock.SessionToken,
            "mutation($input: LnNoAmountInvoiceCreateInput!) { lnNoAmountInvoiceCreate(input: $input) { invoice { paymentHash paymentRequest } errors { message } } }",
            new { input = new { walletId = btc } })).Data!["lnNoAmountInvoiceCreate"]!["invoice"]!;
        var hash = invoice["paymentHash"]!.GetValue<string>();

        Assert.Null(global::BTCPayServer.Lightning.Bolt11.Bolt11Invoice.Parse(invoice["paymentRequest"]!.GetValue<string>()).AmountMilliSatoshi);
        Assert.Equal(SettlementResult.AmountRequired, await mock.Server.Services.Invoices.SettleAsync(hash, null, CancellationToken.None));
        Assert.Equal(SettlementResult.Settled, await mock.Server.Services.Invoices.SettleAsync(hash, 21_000, CancellationToken.None));
        Assert.Equal(21m, (await mock.Server.Services.Accounts.GetWalletAsync(btc, CancellationToken.None))!.Balance);
    }
}
