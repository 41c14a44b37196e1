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
using Microsoft.Extensions.Time.Testing;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>
/// What the connection-string handler keeps per connection string is bounded: by count (least recently used
/// first) and by idle time, except the connection a running listener watches, which BTCPay relies on for as long
/// as it runs.
/// </summary>
public sealed class FlashConnectionsBoundsTests : IDisposable
{
    private readonly FlashServices _flash = new();
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settings = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Twenty_thousand_distinct_strings_keep_at_most_the_capacity_and_the_most_recent_ones()
    {
        var connections = Connections(capacity: 100);
        var handler = new FlashConnectionStringHandler(connections);

        for (var i = 0; i < 20_000; i++)
            Assert.NotNull(handler.Create(DistinctString(i), Network.RegTest, out _));

        Assert.InRange(connections.StateCount, 1, 100);
        // The newest string is still there: using it again adds nothing.
        var count = connections.StateCount;
        handler.Create(DistinctString(19_999), Network.RegTest, out _);
        Assert.Equal(count, connections.StateCount);
    }

    [Fact]
    public void Strings_unused_for_the_idle_timeout_are_dropped()
    {
        var connections = Connections(capacity: 10_000, idle: TimeSpan.FromMinutes(10));
        var handler = new FlashConnectionStringHandler(connections);
        for (var i = 0; i < 50; i++)
            handler.Create(DistinctString(i), Network.RegTest, out _);

        _time.Advance(TimeSpan.FromMinutes(11));
        handler.Create(DistinctString(1_000), Network.RegTest, out _);

        Assert.Equal(1, connections.StateCount);
    }

    [Fact]
    public async Task The_connection_a_listener_watches_outlives_the_flood_and_the_idle_timeout()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var connections = Connections(capacity: 100, idle: TimeSpan.FromMinutes(1));
        var handler = new FlashConnectionStringHandler(connections);
        var provisioned = await _flash.Provisioner.ProvisionAsync(
            FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri), mock.SessionToken, new ApiTokenRequest("bounded", null));
        var watched = new FlashConnectionString
        {
            Endpoints = FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri),
            ProtectedToken = new ApiTokenProtector(_keys.Provider).Protect(provisioned.Token),
        }.ToConnectionString();
        using var listener = await handler.Create(watched, Network.RegTest, out _).Listen();

        for (var i = 0; i < 20_000; i++)
            handler.Create(DistinctString(i), Network.RegTest, out _);
        _time.Advance(TimeSpan.FromMinutes(2));
        handler.Create(DistinctString(20_000), Network.RegTest, out _);
        var invoice = await handler.Create(watched, Network.RegTest, out _).CreateInvoice(LightMoney.Satoshis(1_000L), "after the flood", TimeSpan.FromMinutes(10));
        var record = await mock.Server.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None);
        await mock.Server.Services.Invoices.SettleAsync(record!.PaymentHash, null, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var paid = await listener.WaitInvoice(timeout.Token);
        Assert.Equal(invoice.Id, paid.Id);
        Assert.Equal(2, connections.StateCount);
    }

    private FlashConnections Connections(int capacity, TimeSpan? idle = null) => new(
        _flash.Transports,
        new ApiTokenProtector(_keys.Provider),
        new FlashStoreConnectionRepository(new FileSettingsRepository(_settings.Path), _time),
        Options.Create(new FlashConnectionsOptions { Capacity = capacity, IdleTimeout = idle ?? TimeSpan.FromHours(1) }),
        _time,
        _flash.LoggerFactory);

    /// <summary>A well-formed Flash string of its own (what a flood of lightning settings would send), never used for a request.</summary>
    private static string DistinctString(int i) => $"type=flash;server=https://api.flashapp.me/graphql;api-token-protected=CfDJ8distinct{i:D8}padding";

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
        _settings.Dispose();
    }
}
