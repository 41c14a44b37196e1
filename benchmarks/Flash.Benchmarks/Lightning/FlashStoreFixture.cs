using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace Flash.Benchmarks.Lightning;

/// <summary>
/// A mock Flash server and one store connected to its demo account's USD wallet with a <c>flash_</c> API token, wired the way
/// the connection-string handler wires a <see cref="FlashLightningClient"/>.
/// </summary>
internal sealed class FlashStoreFixture : IAsyncDisposable
{
    private FlashStoreFixture(MockFlashServer server, HttpClient http, string token)
    {
        Server = server;
        Http = http;
        Token = token;
    }

    public MockFlashServer Server { get; }

    /// <summary>One pooled client for the whole run, as IHttpClientFactory would hand out.</summary>
    public HttpClient Http { get; }

    public string Token { get; }

    public FlashConnectionState State { get; } = new();

    public static async Task<FlashStoreFixture> StartAsync()
    {
        var server = await MockFlashServer.StartAsync(new MockFlashServerOptions
        {
            Dialect = TokenDialect.Seed,
            DatabasePath = ":memory:",
            RateLimitPerMinuteForAll = int.MaxValue,
        });
        var created = await server.Services.Credentials.CreateAsync(CredentialKind.Token, server.Demo.AccountId,
            new CredentialRequest("benchmark", ["read", "write"], null, null, null), null, CancellationToken.None);
        return new FlashStoreFixture(server, new HttpClient(), created.Plaintext ?? throw new InvalidOperationException(created.ToString()));
    }

    /// <summary>A new client on the store's shared state, as BTCPay builds one for each call.</summary>
    public FlashLightningClient NewClient(ILoggerFactory? loggers = null)
    {
        var session = _session ??= NewSession();
        var publicApi = new FlashPublicApi(endpoint => new GraphQLHttpTransport(Http, endpoint), endpoint => new GraphQLWebSocketClient(endpoint));
        return new FlashLightningClient(new FlashClientSettings("type=flash;benchmark", Network.RegTest), _ => ValueTask.FromResult(session), State, publicApi, loggerFactory: loggers);
    }

    private FlashSession? _session;

    private FlashSession NewSession()
    {
        var token = Token;
        var transport = new GraphQLHttpTransport(Http, Server.GraphQLUri, _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(token)));
        return new FlashSession(FlashEndpoints.For(Server.GraphQLUri, Server.WebSocketUri), new FlashApiClient(transport),
            new FlashWalletSelection(Currency: BTCPayServer.Plugins.Flash.FlashApi.Models.WalletCurrency.USD));
    }

    public static Task<LightningInvoice> CreateInvoiceAsync(ILightningClient client) =>
        client.CreateInvoice(LightMoney.Satoshis(1000), "benchmark", TimeSpan.FromMinutes(15));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
