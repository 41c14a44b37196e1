using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using NBitcoin;

namespace Flash.DevHost.Store;

/// <summary>
/// The demo store's Lightning node, obtained as BTCPay obtains any store's: its connection string
/// (<c>type=flash;server=...;connection=demo-store</c>) offered to each registered
/// <see cref="ILightningConnectionStringHandler"/> in turn until one takes it.
/// </summary>
public sealed class DemoStoreLightning(IEnumerable<ILightningConnectionStringHandler> handlers, FlashStoreConnectionRepository connections, Network network)
{
    /// <summary>The connection string the store uses, or null while Flash is not connected.</summary>
    public async Task<string?> ConnectionStringAsync() =>
        await connections.GetAsync(DemoStore.DemoId) is { } connection
            ? FlashStoreConnectionRepository.LightningConnectionStringFor(DemoStore.DemoId, connection)
            : null;

    /// <exception cref="DemoStoreLightningException">Not connected, or no handler could make a client of the string.</exception>
    public async Task<ILightningClient> CreateClientAsync()
    {
        var connectionString = await ConnectionStringAsync()
            ?? throw new DemoStoreLightningException("The demo store has no Lightning node yet: connect Flash in the store's Flash settings.");
        foreach (var handler in handlers)
        {
            var client = handler.Create(connectionString, network, out var error);
            if (client is not null)
                return client;
            if (error is not null)
                throw new DemoStoreLightningException($"The store's Lightning connection string was refused: {error}");
        }
        throw new DemoStoreLightningException("No Lightning connection string handler accepts type=flash: the plugin has not registered one.");
    }
}

/// <summary>Why the demo store cannot reach its Lightning node, in words for the page.</summary>
public sealed class DemoStoreLightningException(string message) : Exception(message);
