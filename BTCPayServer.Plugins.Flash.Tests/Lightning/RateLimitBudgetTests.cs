using System.Net.Http.Json;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Options;
using NBitcoin;
using WalletCurrency = BTCPayServer.Plugins.Flash.FlashApi.Models.WalletCurrency;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// Where a store's rate limit goes, end to end through the connection-string handler as BTCPay uses it: to the
/// invoices only (status, pricing and LNURL-pay invoices are asked without the key), and a limit reached fails
/// <c>CreateInvoice</c> at once with a sentence for the merchant. Requests are counted, never timed.
/// </summary>
public sealed class RateLimitBudgetTests : IDisposable
{
    private const string StoreId = "busy-store";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly HttpRequestCounter _requests = new();
    private readonly FlashServices _flash;
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settingsFolder = new();
    private readonly FlashStoreConnectionRepository _stores;
    private readonly FlashConnectionStringHandler _handler;
    private readonly HttpClient _control = new();

    public RateLimitBudgetTests()
    {
        _flash = new FlashServices(_requests);
        _stores = new FlashStoreConnectionRepository(new FileSettingsRepository(_settingsFolder.Path), TimeProvider.System);
        _handler = new FlashConnectionStringHandler(new FlashConnections(_flash.Transports, new ApiTokenProtector(_keys.Provider), _stores,
            Options.Create(new FlashConnectionsOptions()), TimeProvider.System, _flash.LoggerFactory));
    }

    [Theory]
    [InlineData(TokenDialect.Seed, WalletCurrency.USD, "LnUsdInvoiceCreate")]
    [InlineData(TokenDialect.Fip07, WalletCurrency.USD, "LnUsdInvoiceCreate")]
    [InlineData(TokenDialect.Seed, WalletCurrency.BTC, "LnInvoiceCreate")]
    public async Task Once_warm_a_checkout_costs_the_store_s_key_one_request_for_its_invoice_and_none_for_status_or_LNURL(
        TokenDialect dialect, WalletCurrency currency, string invoiceOperation)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var connectionString = await ConnectAsync(mock, new ApiTokenRequest("BTCPay Server busy store", null), currency);
        using var listener = await Client(connectionString).Listen();
        // Warm: the store's first invoice asks for the account and the price in one request, then for the invoice.
        await Client(connectionString).CreateInvoice(LightMoney.Satoshis(1000), "first checkout", TimeSpan.FromMinutes(15));
        Assert.Equal(["MeAndPrice", invoiceOperation], _requests.AuthenticatedOperations);
        var keyRequestsBefore = await KeyRequestCountAsync(mock);
        _requests.Reset();

        const int checkouts = 3;
        const int pollsEach = 3;
        for (var i = 0; i < checkouts; i++)
        {
            var invoice = await Client(connectionString).CreateInvoice(LightMoney.Satoshis(1000 + i), $"checkout {i}", TimeSpan.FromMinutes(15));
            for (var poll = 0; poll < pollsEach; poll++)
                Assert.Equal(LightningInvoiceStatus.Unpaid, (await Client(connectionString).GetInvoice(invoice.Id))!.Status);
            await PayAsync(mock, invoice.BOLT11);
            var reported = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
            Assert.Equal((invoice.Id, LightningInvoiceStatus.Paid), (reported.Id, reported.Status));
            Assert.Equal(LightningInvoiceStatus.Paid, (await Client(connectionString).GetInvoice(invoice.Id))!.Status);
        }
        var lnurl = await Client(connectionString).CreateInvoice(
            new CreateInvoiceParams(LightMoney.Satoshis(1000), """[["text/plain","Pay the busy store"]]""", TimeSpan.FromMinutes(10)) { DescriptionHashOnly = true });
        Assert.Equal(LightningInvoiceStatus.Unpaid, (await Client(connectionString).GetInvoice(lnurl.Id))!.Status);

        Assert.Equal(Enumerable.Repeat(invoiceOperation, checkouts), _requests.AuthenticatedOperations);
        Assert.Equal(checkouts, await KeyRequestCountAsync(mock) - keyRequestsBefore);
        // The status polls, the listener's confirmations and the LNURL-pay invoice all went out, without the key.
        Assert.True(_requests.All - checkouts >= checkouts * (pollsEach + 2) + 2, $"only {_requests.All} requests in all");
    }

    [Theory]
    [InlineData(TokenDialect.Seed, 429)]
    [InlineData(TokenDialect.Fip07, 200)]
    public async Task A_key_past_its_rate_limit_fails_CreateInvoice_after_one_request_with_the_merchant_s_sentence(TokenDialect dialect, int httpStatus)
    {
        await using var mock = await MockServerHarness.StartAsync(dialect);
        var connectionString = await ConnectAsync(mock, new ApiTokenRequest("BTCPay Server small key", null, rateLimitPerMinute: 2));
        // The cold invoice spends the two requests of the minute: the account with the price, then the invoice.
        await Client(connectionString).CreateInvoice(LightMoney.Satoshis(1000), "spends the limit", TimeSpan.FromMinutes(15));
        _requests.Reset();

        var refused = await Assert.ThrowsAsync<FlashRateLimitedException>(() =>
            Client(connectionString).CreateInvoice(LightMoney.Satoshis(1000), "over the limit", TimeSpan.FromMinutes(15)));

        Assert.Equal(
            $"Flash's rate limit for this store's key was reached; retry in 60 s (server {mock.Server.GraphQLUri.Authority}, HTTP {httpStatus})",
            refused.Message);
        Assert.Equal(["LnUsdInvoiceCreate"], _requests.AuthenticatedOperations);
        Assert.Equal(1, _requests.All);
        var credential = await StoreCredentialAsync(mock);
        Assert.Single(await mock.Server.Services.Audit.ReadAsync(credential.AccountId, credential.Id, CancellationToken.None), e => e.Event == AuditLog.RateLimited);
    }

    [Theory]
    [InlineData("retry-after-2s", "Flash's rate limit for this store's key was reached; retry in 2 s")]
    [InlineData("retryAfterSeconds-3", "Flash's rate limit for this store's key was reached; retry in 3 s")]
    [InlineData("no-wait-given", "Flash's rate limit for this store's key was reached; Flash did not say for how long, so retry in a minute")]
    public async Task A_short_or_unknown_wait_is_not_waited_out_inside_CreateInvoice(string answer, string sentence)
    {
        await using var flash = await ScriptedServer.StartAsync();
        var (limited, status) = answer switch
        {
            "retry-after-2s" => (ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "2"), 429),
            "retryAfterSeconds-3" => (ScriptedHttpResponse.Json(
                """{"data":null,"errors":[{"message":"API key rate limit exceeded","extensions":{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":3,"rateLimit":{"limit":2,"remaining":0}}}]}"""), 200),
            _ => (ScriptedHttpResponse.Text("", 429), 429),
        };
        // What a retry would get; a store that fails fast never asks for it.
        flash.Enqueue(limited, ScriptedHttpResponse.Text("", 503));
        var connection = new FlashStoreConnection
        {
            Server = flash.HttpEndpoint,
            WebSocketServer = flash.WebSocketEndpoint,
            ProtectedToken = new ApiTokenProtector(_keys.Provider).Protect(FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate())),
            TokenId = "token-1",
        };
        await _stores.SaveAsync(StoreId, connection);

        var refused = await Assert.ThrowsAsync<FlashRateLimitedException>(() =>
            Client(FlashStoreConnectionRepository.LightningConnectionStringFor(StoreId, connection)).CreateInvoice(LightMoney.Satoshis(1000), "cold checkout", TimeSpan.FromMinutes(15)));

        Assert.Equal($"{sentence} (server {flash.HttpEndpoint.Authority}, HTTP {status})", refused.Message);
        Assert.Single(flash.Requests);
        Assert.Equal(1, _requests.All);
    }

    private ILightningClient Client(string connectionString) =>
        _handler.Create(connectionString, Network.RegTest, out var error) ?? throw new InvalidOperationException(error);

    /// <summary>Provisions a token with the plugin, saves it as the store's connection and returns the string BTCPay holds.</summary>
    private async Task<string> ConnectAsync(MockServerHarness mock, ApiTokenRequest request, WalletCurrency? currency = null)
    {
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);
        var token = await _flash.Provisioner.ProvisionAsync(endpoints, mock.SessionToken, request);
        var connection = new FlashStoreConnection { Server = endpoints.GraphQL, WebSocketServer = endpoints.WebSocket, Currency = currency };
        connection.UseToken(token, new ApiTokenProtector(_keys.Provider).Protect(token.Token), DateTimeOffset.UtcNow);
        await _stores.SaveAsync(StoreId, connection);
        _requests.Reset();
        return FlashStoreConnectionRepository.LightningConnectionStringFor(StoreId, connection);
    }

    /// <summary>The store's credential as the mock holds it (the demo account's only one), with the requests it authenticated.</summary>
    private static async Task<Credential> StoreCredentialAsync(MockServerHarness mock)
    {
        var all = new List<Credential>();
        foreach (var kind in new[] { CredentialKind.Token, CredentialKind.ApiKey })
            all.AddRange(await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, kind, CancellationToken.None));
        return Assert.Single(all);
    }

    /// <summary>How many requests the mock authenticated with the store's credential: the server's own count.</summary>
    private static async Task<long> KeyRequestCountAsync(MockServerHarness mock) => (await StoreCredentialAsync(mock)).RequestCount;

    private async Task PayAsync(MockServerHarness mock, string paymentRequest)
    {
        using var response = await _control.PostAsJsonAsync(new Uri(mock.Server.BaseUri, "_mock/invoices/pay"), new { paymentRequest });
        Assert.Equal("""{"result":"Settled"}""", await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _control.Dispose();
        _flash.Dispose();
        _keys.Dispose();
        _settingsFolder.Dispose();
    }
}
