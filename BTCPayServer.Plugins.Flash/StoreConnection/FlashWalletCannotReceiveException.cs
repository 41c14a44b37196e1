using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// The wallet chosen for the store cannot receive on this Flash server (Flash today receives into dollar wallets
/// only). Thrown when the owner connects, so the store is never set up to fail at its first checkout.
/// </summary>
/// <param name="unrevokedToken">The name of the key made for the refused connection when it could not be revoked again.</param>
public sealed class FlashWalletCannotReceiveException(string server, string reason, string? advice, string? unrevokedToken = null)
    : FlashAnswerRejectedException($"Flash at {server} was not connected. {reason}{(advice is null ? "" : " " + advice)}" +
        (unrevokedToken is null ? "" : $" The API token \"{unrevokedToken}\" made for it could not be revoked: revoke it in the list of tokens."), server);
