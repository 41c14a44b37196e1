using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Tests.Faults;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.StoreConnection;

/// <summary>"Test connection" when Flash answers, but the account no longer has the wallet the store was connected with.</summary>
public sealed class ConnectionCheckTests : IAsyncLifetime
{
    private const string Store = "shop";

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

    [Fact]
    public async Task A_saved_BTC_wallet_that_is_gone_fails_the_check_and_names_the_wallet()
    {
        await _host.ConnectAsync(_mock.Server, Store);
        var saved = (await _host.Connections.GetAsync(Store))!;
        saved.WalletId = "btc-wallet-closed";
        saved.Currency = WalletCurrency.BTC;
        await _host.Connections.SaveAsync(Store, saved);

        var tested = await _host.Connector.TestAsync(Store);

        Assert.False(tested.LastCheck!.Succeeded);
        Assert.Equal(
            $"Flash could not be asked: The Flash account has no wallet with id 'btc-wallet-closed' (server {FlashEndpoints.For(_mock.Server.GraphQLUri).Server})",
            tested.LastCheck.Message);
        Assert.Null((await _host.Connections.GetAsync(Store))!.TokenRejectedAt);
    }
}
