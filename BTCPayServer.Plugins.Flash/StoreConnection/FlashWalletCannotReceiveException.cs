namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// The wallet chosen for the store cannot receive on this Flash server (Flash today receives into dollar wallets
/// only). Thrown when the owner connects, so the store is never set up to fail at its first checkout.
/// </summary>
public sealed class FlashWalletCannotReceiveException(string server, string reason, string? advice)
    : InvalidOperationException($"Flash at {server} was not connected. {reason}{(advice is null ? "" : " " + advice)}");
