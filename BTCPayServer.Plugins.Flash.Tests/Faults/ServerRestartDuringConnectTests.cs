using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 1: Flash's server restarts while a store connects. Whatever step the restart hits, no token is
/// left active that the owner cannot find: it is saved as the store's, listed as a replaced token to revoke, or,
/// when Flash made it and its answer was lost, named in the message that sends the owner to the account's token list.
/// </summary>
public sealed class ServerRestartDuringConnectTests : IAsyncLifetime
{
    private const string Store = "shop";
    private const string TokenName = "BTCPay Server shop";

    private readonly TemporaryDirectory _state = new();
    private RestartableMock _mock = null!;
    private PluginHost _host = null!;

    public async Task InitializeAsync()
    {
        _mock = await RestartableMock.StartAsync(TokenDialect.Fip07);
        _host = PluginHost.Start(Path.Combine(_state.Path, "keys"), Path.Combine(_state.Path, "settings"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mock.DisposeAsync();
        _state.Dispose();
    }

    private FlashEndpoints Endpoints => FlashEndpoints.For(_mock.Server.GraphQLUri, _mock.Server.WebSocketUri);

    [Fact]
    public async Task Restart_after_Flash_made_the_token_and_before_it_answered_names_the_token_to_revoke_in_the_list()
    {
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.DropAfterExecuting, Remaining: 1));

        var failure = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => _host.ConnectAsync(_mock.Server, Store));
        await _mock.RestartAsync();
        var session = _mock.Server.Demo.SessionToken;
        var listed = await _host.Connector.ListTokensAsync(Endpoints, session);

        Assert.Equal(ProvisioningFailure.CreateOutcomeUnknown, failure.Failure);
        Assert.Equal(
            $"Flash ({Endpoints.Server}) did not confirm the API token, which it may have made all the same: list the account's tokens below, revoke \"{TokenName}\" if it is there, then connect again.",
            failure.Message);
        Assert.Null(await _host.Connections.GetAsync(Store));
        var orphan = Assert.Single(listed, t => t.IsActive);
        Assert.Equal(TokenName, orphan.Name);

        await _host.Connector.RevokeTokenAsync(Store, Endpoints, session, orphan.Kind, orphan.Id);
        var connected = await _host.ConnectAsync(_mock.Server, Store, session);
        var active = (await _host.Connector.ListTokensAsync(Endpoints, session)).Where(t => t.IsActive).Select(t => t.Id);
        Assert.Equal([connected.Connection.TokenId], active);
    }

    [Fact]
    public async Task Restart_while_the_new_token_is_checked_keeps_it_saved_and_the_test_after_the_restart_passes()
    {
        // The create goes through; from the check on, the proxy in front of the restarting server answers 503.
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.Delay, Remaining: 1, DelayMilliseconds: 0));
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.HttpStatus, Remaining: 1_000, Status: 503));

        var connected = await _host.ConnectAsync(_mock.Server, Store);
        var check = connected.Connection.LastCheck!;
        await _mock.RestartAsync();
        var tested = await _host.Connector.TestAsync(Store);
        var (invoice, error) = await BTCPayCheckout.CreateInvoiceAsync(await _host.ClientAsync(Store), LightMoney.Satoshis(1_000));

        Assert.Equal(connected.Connection.TokenId, (await _host.Connections.GetAsync(Store))!.TokenId);
        Assert.False(check.Succeeded);
        Assert.Equal($"Flash could not be asked: Flash's server failed to handle the request: try again in a moment (server {Endpoints.Server}, HTTP 503)", check.Message);
        Assert.True(tested.LastCheck!.Succeeded);
        Assert.Equal("Signed in to Flash as demo; payments go to the USD wallet (the account has BTC, USD wallets)", tested.LastCheck.Message);
        Assert.Null(error);
        Assert.NotNull(invoice);
    }

    [Fact]
    public async Task Restart_while_the_replaced_token_is_revoked_lists_it_and_it_is_revoked_after_the_restart()
    {
        var first = await _host.ConnectAsync(_mock.Server, Store);
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopped = new ManualResetEventSlim();
        // The reconnect has saved its new token; the server goes down before the old one is revoked.
        _host.Connections.Changed += _ =>
        {
            if (saved.TrySetResult())
                Assert.True(stopped.Wait(TimeSpan.FromSeconds(30)));
        };

        var reconnecting = _host.ConnectAsync(_mock.Server, Store);
        await saved.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _mock.StopAsync();
        stopped.Set();
        var second = await reconnecting;
        await _mock.StartAgainAsync();
        var session = _mock.Server.Demo.SessionToken;
        var listedBefore = (await _host.Connections.GetAsync(Store))!.ReplacedTokens.Select(t => (t.TokenId, t.TokenName, t.Server));
        var revoked = await _host.Connector.RevokeReplacedAsync(Store, first.Connection.TokenId, session);

        Assert.False(second.ReplacedTokenRevoked);
        Assert.Equal([(first.Connection.TokenId, TokenName, _mock.Server.GraphQLUri)], listedBefore);
        Assert.Equal(first.Connection.TokenId, revoked!.TokenId);
        Assert.Empty((await _host.Connections.GetAsync(Store))!.ReplacedTokens);
        var active = (await _host.Connector.ListTokensAsync(Endpoints, session)).Where(t => t.IsActive).Select(t => t.Id);
        Assert.Equal([second.Connection.TokenId], active);
    }
}
