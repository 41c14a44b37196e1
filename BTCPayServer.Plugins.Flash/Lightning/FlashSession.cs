using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// The account behind a connection as it stands now: the server, the API authenticated with the current token,
/// the wallet choice, and what is learnt about that account (its wallet, the USD price). A new session begins
/// whenever the store is connected, reconnected, rotated or disconnected, so nothing learnt about one account is
/// used for another: the next invoice after such a change goes to the new account.
/// </summary>
public sealed class FlashSession
{
    internal FlashSession(FlashEndpoints server, FlashApiClient api, FlashWalletSelection wallet)
    {
        Server = server;
        Api = api;
        WalletSelection = wallet;
    }

    public FlashEndpoints Server { get; }

    public FlashWalletSelection WalletSelection { get; }

    internal FlashApiClient Api { get; }

    internal Cached<Wallet> Wallet { get; } = new();

    internal Cached<UsdPrice> Price { get; } = new();

    internal sealed record UsdPrice(decimal CentsPerSatoshi);
}
