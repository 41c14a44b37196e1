using System.Net.Http.Json;
using System.Text.Json;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Options;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// Many stores on one BTCPay Server, each with its own listener obtained through the handler as BTCPay obtains it:
/// their invoice status subscriptions share one WebSocket per Flash server, and each listener still hears only its own
/// store's invoices.
/// </summary>
public sealed class SharedStatusSocketTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FlashServices _flash = new();
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settingsFolder = new();
    private readonly FlashStoreConnectionRepository _stores;

    public SharedStatusSocketTests()
    {
        _stores = new FlashStoreConnectionRepository(new FileSettingsRepository(_settingsFolder.Path), TimeProvider.System);
    }

    [Fact]
    public async Task Three_stores_listening_share_one_socket_and_each_hears_only_its_own_invoices()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var handler = Handler(new FlashConnectionsOptions());
        var stores = new List<(ILightningClient Client, ILightningInvoiceListener Listener)>();
        for (var i = 0; i < 3; i++)
        {
            var client = await ConnectStoreAsync(mock, handler, $"store-{i}");
            stores.Add((client, await client.Listen()));
        }
        var invoices = new List<LightningInvoice[]>();
        foreach (var (client, _) in stores)
            invoices.Add([await client.CreateInvoice(LightMoney.Satoshis(100), "one", TimeSpan.FromMinutes(10)), await client.CreateInvoice(LightMoney.Satoshis(200), "two", TimeSpan.FromMinutes(10))]);

        foreach (var invoice in invoices.SelectMany(i => i))
            await PayAsync(mock, invoice.BOLT11);
        var heard = new List<string[]>();
        foreach (var (_, listener) in stores)
            heard.Add([(await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait)).Id, (await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait)).Id]);

        for (var i = 0; i < stores.Count; i++)
            Assert.Equal(invoices[i].Select(x => x.Id).Order(), heard[i].Order());
        Assert.Equal(1, await DropWebSocketsAsync(mock));
        foreach (var (_, listener) in stores)
            listener.Dispose();
    }

    [Fact]
    public async Task Past_the_subscriptions_one_socket_may_carry_another_opens_and_no_payment_is_lost()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var handler = Handler(new FlashConnectionsOptions { MaxSubscriptionsPerSocket = 2 });
        var client = await ConnectStoreAsync(mock, handler, "busy-store");
        using var listener = await client.Listen();
        var invoices = new List<LightningInvoice>();
        for (var i = 0; i < 5; i++)
            invoices.Add(await client.CreateInvoice(LightMoney.Satoshis(100 + i), $"invoice {i}", TimeSpan.FromMinutes(10)));
        await WaitForSubscriptionsAsync(5);

        var sockets = await DropWebSocketsAsync(mock);
        foreach (var invoice in invoices)
            await PayAsync(mock, invoice.BOLT11);
        var heard = new List<string>();
        for (var i = 0; i < invoices.Count; i++)
            heard.Add((await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait)).Id);

        Assert.Equal(3, sockets);
        Assert.Equal(invoices.Select(i => i.Id).Order(), heard.Order());
    }

    private FlashConnectionStringHandler Handler(FlashConnectionsOptions options) =>
        new(new FlashConnections(_flash.Transports, new ApiTokenProtector(_keys.Provider), _stores, Options.Create(options), TimeProvider.System, _flash.LoggerFactory));

    private async Task<ILightningClient> ConnectStoreAsync(MockServerHarness mock, FlashConnectionStringHandler handler, string storeId)
    {
        var account = await mock.Server.CreateAccountAsync(storeId, "BTC");
        var endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);
        var token = await _flash.Provisioner.ProvisionAsync(endpoints, account.SessionToken, new ApiTokenRequest(storeId, null));
        var saved = new FlashStoreConnection { Server = endpoints.GraphQL, WebSocketServer = endpoints.WebSocket };
        saved.UseToken(token, new ApiTokenProtector(_keys.Provider).Protect(token.Token), DateTimeOffset.UtcNow);
        await _stores.SaveAsync(storeId, saved);
        return handler.Create(FlashStoreConnectionRepository.LightningConnectionStringFor(storeId, saved), Network.RegTest, out var error)
            ?? throw new InvalidOperationException(error);
    }

    /// <summary>Until the listener has said it watches <paramref name="count"/> invoices over the WebSocket.</summary>
    private async Task WaitForSubscriptionsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (_flash.Logs.Entries.Count(e => e.Contains("Watching invoice", StringComparison.Ordinal)) < count)
            await Task.Delay(20, timeout.Token);
    }

    private static async Task PayAsync(MockServerHarness mock, string bolt11)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri(mock.Server.BaseUri, "_mock/invoices/pay"), new { paymentRequest = bolt11 });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<int> DropWebSocketsAsync(MockServerHarness mock)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(mock.Server.BaseUri, "_mock/websockets/drop"), content: null);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dropped").GetInt32();
    }

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
        _settingsFolder.Dispose();
    }
}
