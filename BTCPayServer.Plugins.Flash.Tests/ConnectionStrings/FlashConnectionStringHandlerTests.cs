using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Options;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.ConnectionStrings;

/// <summary>BTCPay's side of the plugin: connection strings in, working lightning clients out, reconnect errors when due.</summary>
public sealed class FlashConnectionStringHandlerTests : IDisposable
{
    private readonly FlashServices _flash = new();
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settingsFolder = new();
    private readonly CountingDataProtectionProvider _dataProtection;
    private readonly FlashStoreConnectionRepository _stores;
    private readonly FlashConnectionStringHandler _handler;

    public FlashConnectionStringHandlerTests()
    {
        _dataProtection = new CountingDataProtectionProvider(_keys.Provider);
        _stores = new FlashStoreConnectionRepository(new FileSettingsRepository(_settingsFolder.Path), TimeProvider.System);
        _handler = new FlashConnectionStringHandler(new FlashConnections(_flash.Transports, new ApiTokenProtector(_dataProtection), _stores,
            Options.Create(new FlashConnectionsOptions()), TimeProvider.System, _flash.LoggerFactory));
    }

    [Theory]
    [InlineData("type=lnd-rest;server=https://lnd:8080;macaroon=abc")]
    [InlineData("type=clightning;server=unix://root/.lightning/lightning-rpc")]
    public void Other_types_get_null_and_no_error(string connectionString)
    {
        Assert.Null(_handler.Create(connectionString, Network.RegTest, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void A_malformed_flash_string_gets_null_and_a_sentence()
    {
        Assert.Null(_handler.Create("type=flash;server=https://api.flashapp.me/graphql", Network.Main, out var error));
        Assert.Contains("connection", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_protected_token_gives_a_working_client_whose_string_BTCPay_stores_without_the_token()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server shop", null));
        var connectionString = new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = new ApiTokenProtector(_dataProtection).Protect(provisioned.Token) }.ToConnectionString();

        var client = Assert.IsType<FlashLightningClient>(_handler.Create(connectionString, Network.RegTest, out var error));
        var again = _handler.Create(connectionString, Network.RegTest, out _);
        var invoice = await client.CreateInvoice(LightMoney.Satoshis(1000L), "coffee", TimeSpan.FromMinutes(10));
        var seenByAnotherClient = await again.GetInvoice(invoice.Id);
        await again.GetBalance();

        Assert.Null(error);
        Assert.Equal(connectionString, client.ToString());
        Assert.DoesNotContain(provisioned.Token.Value, connectionString, StringComparison.Ordinal);
        Assert.Equal(LightningInvoiceStatus.Unpaid, seenByAnotherClient!.Status);
        Assert.Equal(1, _dataProtection.Unprotects);
        _flash.Logs.AssertContainsNone(provisioned.Token.Value, mock.SessionToken);
    }

    [Fact]
    public async Task A_saved_store_connection_is_found_by_id_and_a_reconnect_takes_effect()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        var protector = new ApiTokenProtector(_dataProtection);
        var first = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("first", null));
        var saved = Saved(mock, protector.Protect(first.Token), first);
        await _stores.SaveAsync("store1", saved);
        var connectionString = FlashStoreConnectionRepository.LightningConnectionStringFor("store1", saved);

        await _handler.Create(connectionString, Network.RegTest, out _).GetBalance();
        await _flash.Administration.RevokeAsync(Endpoints(mock), mock.SessionToken, FlashApiTokenKind.ApiKey, first.Id);
        var second = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("second", null));
        await _stores.SaveAsync("store1", Saved(mock, protector.Protect(second.Token), second, saved.ReferenceKey));

        var balance = await _handler.Create(connectionString, Network.RegTest, out _).GetBalance();

        Assert.NotNull(balance.OffchainBalance);
    }

    [Fact]
    public async Task A_403_refuses_the_request_but_leaves_the_store_connected()
    {
        await using var flash = await ScriptedServer.StartAsync();
        flash.Enqueue(ScriptedHttpResponse.Json("""{"error":"forbidden by the proxy"}""", 403));
        var token = FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate());
        var saved = new FlashStoreConnection
        {
            Server = flash.HttpEndpoint,
            WebSocketServer = flash.WebSocketEndpoint,
            ProtectedToken = new ApiTokenProtector(_dataProtection).Protect(token),
            TokenId = "token-1",
        };
        await _stores.SaveAsync("proxied", saved);

        var error = await Assert.ThrowsAsync<FlashUnauthorizedException>(() =>
            _handler.Create(FlashStoreConnectionRepository.LightningConnectionStringFor("proxied", saved), Network.RegTest, out _).GetBalance());

        Assert.Equal(403, error.HttpStatus);
        await Task.Delay(200);
        Assert.Null((await _stores.GetAsync("proxied"))!.TokenRejectedAt);
    }

    [Fact]
    public async Task A_revoked_token_is_one_request_and_a_reconnect_error_and_marks_the_store()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var protector = new ApiTokenProtector(_dataProtection);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("doomed", null));
        var saved = Saved(mock, protector.Protect(provisioned.Token), provisioned);
        await _stores.SaveAsync("store2", saved);
        await _flash.Administration.RevokeAsync(Endpoints(mock), mock.SessionToken, FlashApiTokenKind.ApiToken, provisioned.Id);
        var client = _handler.Create(FlashStoreConnectionRepository.LightningConnectionStringFor("store2", saved), Network.RegTest, out _);
        var deniedBefore = (await mock.Server.Services.Audit.ReadAsync(null, provisioned.Id, CancellationToken.None)).Count(e => e.Event == "denied");

        var error = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() => client.CreateInvoice(LightMoney.Satoshis(1000L), "coffee", TimeSpan.FromMinutes(5)));

        Assert.Equal(ReconnectReason.TokenRejected, error.Reason);
        Assert.Contains("Reconnect Flash in the store settings", error.Message, StringComparison.Ordinal);
        var deniedAfter = (await mock.Server.Services.Audit.ReadAsync(null, provisioned.Id, CancellationToken.None)).Count(e => e.Event == "denied");
        Assert.Equal(1, deniedAfter - deniedBefore);
        await WaitForAsync(async () => (await _stores.GetAsync("store2"))?.TokenRejectedAt is not null);
        _flash.Logs.AssertContainsNone(provisioned.Token.Value, mock.SessionToken);
    }

    [Fact]
    public async Task Another_store_or_another_server_cannot_use_a_saved_token()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        await using var evil = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("victim", null));
        var saved = Saved(mock, new ApiTokenProtector(_dataProtection).Protect(provisioned.Token), provisioned);
        await _stores.SaveAsync("victim", saved);
        var guessedKey = $"type=flash;server={mock.Server.GraphQLUri};connection=victim;connection-key={FlashStoreConnection.NewReferenceKey()}";
        var otherServer = $"type=flash;server={evil.Server.GraphQLUri};connection=victim;connection-key={saved.ReferenceKey}";

        foreach (var connectionString in new[] { guessedKey, otherServer })
        {
            var error = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() => _handler.Create(connectionString, Network.RegTest, out _).GetBalance());
            Assert.Equal(ReconnectReason.ConnectionStringMismatch, error.Reason);
            Assert.StartsWith("This Lightning connection string does not match the store's Flash connection (its key was replaced, or it was copied from another store). " +
                "Paste the connection string shown in the store's Flash settings", error.Message, StringComparison.Ordinal);
        }
        var audit = await evil.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None);
        Assert.DoesNotContain(audit, e => e.Event == "denied");
        Assert.Equal(0, _dataProtection.Unprotects);
    }

    [Fact]
    public async Task A_plain_token_pasted_by_hand_is_reported_back_to_BTCPay_protected()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("by hand", null));

        var client = _handler.Create($"type=flash;server={mock.Server.GraphQLUri};api-token={provisioned.Token.Value}", Network.RegTest, out _);
        var stored = client.ToString()!;

        Assert.DoesNotContain(provisioned.Token.Value, stored, StringComparison.Ordinal);
        Assert.Contains("api-token-protected=", stored, StringComparison.Ordinal);
        Assert.NotNull((await _handler.Create(stored, Network.RegTest, out _).GetBalance()).OffchainBalance);
    }

    [Fact]
    public async Task Saving_the_store_connection_keeps_the_state_a_running_listener_depends_on()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("listening", null));
        var saved = Saved(mock, new ApiTokenProtector(_dataProtection).Protect(provisioned.Token), provisioned);
        await _stores.SaveAsync("shop", saved);
        var connectionString = FlashStoreConnectionRepository.LightningConnectionStringFor("shop", saved);
        using var listener = await _handler.Create(connectionString, Network.RegTest, out _).Listen();

        saved.LastCheck = new FlashConnectionCheck { CheckedAt = DateTimeOffset.UtcNow, Succeeded = true, Message = "ok" };
        await _stores.SaveAsync("shop", saved);
        var invoice = await _handler.Create(connectionString, Network.RegTest, out _).CreateInvoice(LightMoney.Satoshis(500L), "after a save", TimeSpan.FromMinutes(5));
        var hash = (await mock.Server.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None))!.PaymentHash;
        await mock.Server.Services.Invoices.SettleAsync(hash, null, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var paid = await listener.WaitInvoice(timeout.Token);
        Assert.Equal(invoice.Id, paid.Id);
        Assert.Equal(LightningInvoiceStatus.Paid, paid.Status);
    }

    [Fact]
    public async Task A_lost_key_ring_is_a_reconnect_error_at_the_first_call()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("orphaned", null));
        using var otherKeys = new KeyRing();
        var blob = new ApiTokenProtector(otherKeys.Provider).Protect(provisioned.Token);
        var client = _handler.Create(new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = blob }.ToConnectionString(), Network.RegTest, out _);

        var error = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() => client.GetBalance());

        Assert.Equal(ReconnectReason.KeyRingChanged, error.Reason);
    }

    [Fact]
    public async Task A_store_without_a_saved_connection_is_told_to_connect()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var client = _handler.Create($"type=flash;connection=nobody;connection-key={FlashStoreConnection.NewReferenceKey()}", Network.RegTest, out _);

        var error = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() => client.GetBalance());

        Assert.Equal(ReconnectReason.NotConnected, error.Reason);
        Assert.Equal("Flash is not connected for this store. Connect Flash in the store settings", error.Message);
    }

    private static FlashStoreConnection Saved(MockServerHarness mock, string blob, ProvisionedApiToken token, string? referenceKey = null)
    {
        var saved = new FlashStoreConnection
        {
            ReferenceKey = referenceKey ?? FlashStoreConnection.NewReferenceKey(),
            Server = mock.Server.GraphQLUri,
            WebSocketServer = mock.Server.WebSocketUri,
        };
        saved.UseToken(token, blob, DateTimeOffset.UtcNow);
        return saved;
    }

    private static FlashEndpoints Endpoints(MockServerHarness mock) => FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
            await Task.Delay(20, timeout.Token);
    }

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
        _settingsFolder.Dispose();
    }
}
