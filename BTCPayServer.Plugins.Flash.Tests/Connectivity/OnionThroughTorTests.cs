using System.Net;
using System.Net.Http.Json;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Connectivity;

/// <summary>
/// A Flash server at an onion address, end to end: the plugin as BTCPay loads it, with BTCPay's <c>socksendpoint</c>
/// pointing at a SOCKS5 proxy that stands in for Tor and leads to the mock. Tokens, invoices and the payment's
/// WebSocket all go through the proxy by name; without the setting nothing goes anywhere.
/// </summary>
public sealed class OnionThroughTorTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string OnionHost = FlashServerPolicyTests.OnionLabel + ".onion";
    private static readonly FlashEndpoints Onion = FlashEndpoints.For(new Uri($"http://{OnionHost}/graphql"));

    private readonly TemporaryDirectory _state = new();
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task Tokens_invoices_and_the_payment_s_WebSocket_reach_an_onion_server_through_the_proxy_by_name()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        await using var tor = Socks5Proxy.Start(new IPEndPoint(IPAddress.Loopback, mock.Server.BaseUri.Port));
        await using var plugin = Plugin(tor.Endpoint);

        var provisioned = await plugin.GetRequiredService<ApiTokenProvisioner>()
            .ProvisionAsync(Onion, mock.SessionToken, new ApiTokenRequest("BTCPay over Tor", null));
        var connectionString = $"type=flash;server={Onion.GraphQL};api-token-protected={plugin.GetRequiredService<ApiTokenProtector>().Protect(provisioned.Token)}";
        var client = Handler(plugin).Create(connectionString, Network.RegTest, out var error);
        using var listener = await client.Listen();
        var invoice = await client.CreateInvoice(LightMoney.Satoshis(2100L), "Paid over Tor", TimeSpan.FromMinutes(10));
        await PayAsync(mock, invoice.BOLT11);
        var paid = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);

        Assert.Null(error);
        Assert.Equal(invoice.Id, paid.Id);
        Assert.Equal(LightningInvoiceStatus.Paid, paid.Status);
        Assert.Equal(LightMoney.Satoshis(2100L), paid.AmountReceived);
        var created = await mock.Server.Services.Audit.ReadAsync(mock.Server.Demo.AccountId, provisioned.Id, CancellationToken.None);
        Assert.Contains(created, e => e.Event == "created");
        // Every connection asked Tor for the onion name itself; none was resolved here first.
        Assert.NotEmpty(tor.Tunnels);
        Assert.All(tor.Tunnels, tunnel =>
        {
            Assert.Equal(Socks5Tunnel.DomainName, tunnel.AddressType);
            Assert.Equal(OnionHost, tunnel.Host);
            Assert.Equal(80, tunnel.Port);
        });
        Assert.Contains(tor.Tunnels, t => t.RequestLine == "POST /graphql HTTP/1.1" && t.ResponseLine == "HTTP/1.1 200 OK");
        // The status poll is an hour away: the payment was heard on a WebSocket that went through the proxy.
        Assert.Contains(tor.Tunnels, t => t is { IsWebSocketUpgrade: true, RequestLine: "GET /graphql HTTP/1.1", ResponseLine: "HTTP/1.1 101 Switching Protocols" });
        _logs.AssertContainsNone(provisioned.Token.Value, mock.SessionToken);
    }

    [Fact]
    public async Task Without_a_Tor_proxy_every_call_to_an_onion_server_fails_at_once_and_nothing_is_contacted()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        // Running, and leading to the mock, but not BTCPay's setting: it must not be used.
        await using var tor = Socks5Proxy.Start(new IPEndPoint(IPAddress.Loopback, mock.Server.BaseUri.Port));
        await using var plugin = Plugin(socksEndpoint: null);
        var transports = plugin.GetRequiredService<FlashTransports>();
        // A token the store could hold: made on the mock's own address, then named by an onion string.
        var token = await plugin.GetRequiredService<ApiTokenProvisioner>()
            .ProvisionAsync(FlashEndpoints.For(mock.Server.GraphQLUri), mock.SessionToken, new ApiTokenRequest("BTCPay shop", null));
        var connectionString = $"type=flash;server={Onion.GraphQL};api-token-protected={plugin.GetRequiredService<ApiTokenProtector>().Protect(token.Token)}";
        var auditBefore = await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None);

        var provisioning = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() =>
            plugin.GetRequiredService<ApiTokenProvisioner>().ProvisionAsync(Onion, mock.SessionToken, new ApiTokenRequest("BTCPay over Tor", null)).WaitAsync(Wait));
        var invoice = await Assert.ThrowsAsync<FlashTransientException>(() =>
            Handler(plugin).Create(connectionString, Network.RegTest, out _).CreateInvoice(LightMoney.Satoshis(2100L), "Paid over Tor", TimeSpan.FromMinutes(10)).WaitAsync(Wait));
        using var metrics = new MetricsRecorder();
        // globals is safe to repeat: a transport that tried would retry it.
        var query = await Assert.ThrowsAsync<FlashTransientException>(() =>
            new FlashApiClient(transports.Http(Onion.GraphQL)).GetGlobalsAsync().WaitAsync(Wait));
        await using var socket = transports.WebSocket(Onion.WebSocket);
        var subscription = await Assert.ThrowsAsync<FlashTransientException>(() =>
            socket.ExecuteAsync(FlashOperations.Globals.Request()).WaitAsync(Wait));

        Assert.Equal(ProvisioningFailure.ServerUnreachable, provisioning.Failure);
        Assert.Equal($"Could not reach Flash at {OnionHost}: check the server address and your connection, then try again.", provisioning.Message);
        const string NoTorProxy = "This BTCPay Server has no Tor proxy configured, so it cannot reach .onion addresses";
        foreach (var failure in new[] { invoice, query, subscription })
            Assert.Equal($"{NoTorProxy} (server {OnionHost})", failure.Message);
        // Read from the plugin's own instruments, which measure every HTTP attempt and every socket opened, per server.
        Assert.Empty(metrics.Of("flash.client.requests", Onion.Server));
        Assert.Empty(metrics.Of("flash.websocket.connections", Onion.Server));
        // Failing before any connection means before any lookup: no resolver was asked for the onion name.
        Assert.Equal(0, tor.Connections);
        Assert.Equal(auditBefore.Count, (await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None)).Count);
        _logs.AssertContainsNone(token.Token.Value, mock.SessionToken);
    }

    public void Dispose() => _state.Dispose();

    /// <summary>The plugin's services as BTCPay builds them, with BTCPay's configuration carrying <c>socksendpoint</c>.</summary>
    private ServiceProvider Plugin(string? socksEndpoint)
    {
        var settings = new Dictionary<string, string?>();
        if (socksEndpoint is not null)
            settings[FlashTorOptions.ConfigurationKey] = socksEndpoint;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddDataProtection().SetApplicationName("BTCPay Server")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(_state.Path, "keys")));
        services.AddSingleton<ISettingsRepository>(new FileSettingsRepository(Path.Combine(_state.Path, "settings")));
        // Only a WebSocket can report the payment within the test.
        services.Configure<FlashConnectionsOptions>(options => options.Client.StatusPollInterval = TimeSpan.FromHours(1));
        new FlashPlugin().Execute(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static ILightningConnectionStringHandler Handler(ServiceProvider plugin) =>
        Assert.Single(plugin.GetServices<ILightningConnectionStringHandler>());

    /// <summary>Pays as if from the lightning network: straight to the mock's control API, not through the proxy.</summary>
    private static async Task PayAsync(MockServerHarness mock, string paymentRequest)
    {
        using var http = new HttpClient { BaseAddress = mock.Server.BaseUri };
        using var response = await http.PostAsJsonAsync("_mock/invoices/pay", new { paymentRequest });
        Assert.Equal("""{"result":"Settled"}""", await response.Content.ReadAsStringAsync());
    }
}
