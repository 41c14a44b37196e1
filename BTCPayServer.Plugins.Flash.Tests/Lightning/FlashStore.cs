using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Control;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// One BTCPay store connected to a mock Flash account, built the way the connection-string handler will build it:
/// an HTTP transport carrying the dialect's credential, a WebSocket factory, and one <see cref="FlashConnectionState"/>
/// shared by every client instance (BTCPay makes a new client per call, so tests do too).
/// </summary>
internal sealed class FlashStore : IDisposable
{
    // The control API's calls go on a client of their own, so they are not counted among the store's requests to Flash.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly HttpRequestCounter _requests = new();
    private readonly HttpClient _flashHttp;
    private readonly MockServerHarness _mock;

    private readonly TokenDialect _dialect;
    private readonly string _credentialId;
    private readonly long _webSocketsBefore;
    private readonly long _subscribesBefore;

    private FlashStore(MockServerHarness mock, TokenDialect dialect, AccountDescription account, string credential, string credentialId,
        AuthHeader header, FlashWalletSelection wallet, FlashLightningClientOptions options)
    {
        _mock = mock;
        var counting = _requests.NewHandler();
        counting.InnerHandler = new SocketsHttpHandler();
        _flashHttp = new HttpClient(counting) { Timeout = TimeSpan.FromSeconds(30) };
        // Connecting may itself have used a WebSocket (a flash_ token is made on one): that was not the store's.
        _webSocketsBefore = mock.Server.Services.WebSockets.Connections;
        _subscribesBefore = mock.Server.Services.WebSockets.Subscribes;
        _dialect = dialect;
        _credentialId = credentialId;
        Account = account;
        Credential = credential;
        Header = header;
        Wallet = wallet;
        Options = options;
    }

    public AccountDescription Account { get; }

    /// <summary>The raw <c>flash_</c> token or <c>fk_</c> key, for checks that it never leaks.</summary>
    public string Credential { get; }

    public AuthHeader Header { get; }

    public FlashWalletSelection Wallet { get; }

    public FlashLightningClientOptions Options { get; }

    public FlashConnectionState State { get; private set; } = new();

    /// <summary>HTTP requests this store's clients sent to Flash, each retry included, counted on their HttpClient.</summary>
    public long HttpRequests => _requests.All;

    /// <summary>
    /// WebSockets the mock accepted since this store connected, as the mock counts them: the store's own while no other
    /// client uses the same mock.
    /// </summary>
    public long WebSocketConnections => _mock.Server.Services.WebSockets.Connections - _webSocketsBefore;

    /// <summary><c>subscribe</c> messages the mock received since this store connected, counted as <see cref="WebSocketConnections"/>.</summary>
    public long WebSocketOperations => _mock.Server.Services.WebSockets.Subscribes - _subscribesBefore;

    /// <summary>The WebSocket client's timeouts for clients made from now on (keep-alive included).</summary>
    public GraphQLWebSocketClientOptions WebSocketOptions { get; set; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public string ConnectionString => $"type=flash;server={_mock.Server.GraphQLUri};wallet={Wallet.Currency}";

    /// <summary>
    /// Connects <paramref name="account"/> (the demo account by default) with a credential of the mock's dialect:
    /// a <c>flash_</c> API token as Bearer, or an <c>fk_</c> API key as X-API-KEY.
    /// </summary>
    public static async Task<FlashStore> ConnectAsync(MockServerHarness mock, TokenDialect dialect, FlashWalletSelection wallet,
        AccountDescription? account = null, FlashLightningClientOptions? options = null)
    {
        account ??= mock.Server.Demo;
        JsonNode created;
        string credential;
        AuthHeader header;
        if (dialect == TokenDialect.Fip07)
        {
            var payload = await CredentialFlows.CreateKeyAsync(mock,
                new { name = "BTCPay store", scopes = new[] { "read_user", "read_wallet", "write_wallet" } }, account.SessionToken);
            Assert.Empty(payload["errors"]!.AsArray());
            created = payload["apiKey"]!;
            credential = created["apiKey"]!.GetValue<string>();
            header = AuthHeader.ApiKey(credential);
        }
        else
        {
            var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock,
                new { name = "BTCPay store", scopes = new[] { "read", "write" } }, account.SessionToken);
            Assert.Empty(payload["errors"]!.AsArray());
            created = payload["apiToken"]!;
            credential = created["token"]!.GetValue<string>();
            header = AuthHeader.Bearer(credential);
        }
        return new FlashStore(mock, dialect, account, credential, created["id"]!.GetValue<string>(), header, wallet,
            options ?? new FlashLightningClientOptions());
    }

    /// <summary>A new client instance on this store's connection, as BTCPay creates one for each call.</summary>
    /// <param name="time">BTCPay's clock (the system's when null).</param>
    public FlashLightningClient NewClient(Network? network = null, Uri? webSocketUri = null, TimeProvider? time = null)
    {
        var loggers = Logs.CreateFactory();
        var session = Session ??= NewSession(loggers);
        var publicApi = new FlashPublicApi(
            endpoint => new GraphQLHttpTransport(_flashHttp, endpoint, logger: loggers.CreateLogger<GraphQLHttpTransport>()),
            endpoint => new GraphQLWebSocketClient(webSocketUri ?? endpoint, options: WebSocketOptions, logger: loggers.CreateLogger<GraphQLWebSocketClient>()));
        return new FlashLightningClient(new FlashClientSettings(ConnectionString, network ?? Network.RegTest) { Options = Options },
            _ => ValueTask.FromResult(session), State, publicApi, time, loggers);
    }

    /// <summary>The account's session all clients share (its wallet and price), until <see cref="Restart"/>.</summary>
    private FlashSession? Session { get; set; }

    /// <summary>From now on, invoices Flash reports expired unpaid go to <paramref name="renewal"/>, as in the plugin.</summary>
    public void RenewCheckoutsWith(Flash.Checkout.FlashCheckoutRenewal renewal) =>
        State = new FlashConnectionState { Expired = invoice => renewal.OnExpiredAsync(invoice) };

    /// <summary>What a host restart loses: everything in memory. BTCPay keeps only the invoice ids it stored.</summary>
    public void Restart()
    {
        State = new FlashConnectionState();
        Session = null;
    }

    private FlashSession NewSession(ILoggerFactory loggers)
    {
        var header = Header;
        var transport = new GraphQLHttpTransport(_flashHttp, _mock.Server.GraphQLUri, _ => ValueTask.FromResult<AuthHeader?>(header),
            logger: loggers.CreateLogger<GraphQLHttpTransport>());
        return new FlashSession(FlashEndpoints.For(_mock.Server.GraphQLUri, _mock.Server.WebSocketUri), new FlashApiClient(transport), Wallet);
    }

    public string WalletId(string currency) => Account.Wallets.Single(w => w.Currency == currency).Id;

    /// <summary>Pays an invoice as if from the lightning network, through the mock's control API.</summary>
    public async Task PayAsync(string paymentRequest)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(_mock.Server.BaseUri, "_mock/invoices/pay"), new { paymentRequest });
        Assert.Equal("""{"result":"Settled"}""", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sets a wallet's balance in its minor unit (sats or cents) through the control API.</summary>
    public async Task SetBalanceAsync(string currency, decimal balance)
    {
        using var response = await _http.PutAsJsonAsync(new Uri(_mock.Server.BaseUri, $"_mock/wallets/{WalletId(currency)}/balance"), new { balance });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sets the BTC/USD price the mock quotes and prices USD invoices at, through the control API.</summary>
    public async Task SetPriceAsync(decimal btcUsd)
    {
        using var response = await _http.PutAsJsonAsync(new Uri(_mock.Server.BaseUri, "_mock/price"), new { btcUsd });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Aborts every WebSocket the mock holds, as a network failure would; returns how many there were.</summary>
    public async Task<int> DropWebSocketsAsync()
    {
        using var response = await _http.PostAsync(new Uri(_mock.Server.BaseUri, "_mock/websockets/drop"), content: null);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["dropped"]!.GetValue<int>();
    }

    /// <summary>Revokes the store's credential, as its owner would in Flash.</summary>
    public async Task RevokeAsync()
    {
        var kind = _dialect == TokenDialect.Fip07 ? CredentialKind.ApiKey : CredentialKind.Token;
        Assert.NotNull(await _mock.Server.Services.Credentials.RevokeAsync(Account.AccountId, kind, _credentialId, ip: null, CancellationToken.None));
    }

    public void Dispose()
    {
        _flashHttp.Dispose();
        _http.Dispose();
    }
}
