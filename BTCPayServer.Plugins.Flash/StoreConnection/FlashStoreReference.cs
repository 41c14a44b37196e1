namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// What outlives a store's Flash connection when the owner disconnects (BTCPay's settings key
/// <c>Flash.Reference.{storeId}</c>): the reference key the store's lightning connection string carries, so the
/// same string reaches the next connection, and the tokens of earlier connections still active on Flash.
/// </summary>
public sealed class FlashStoreReference
{
    public string ReferenceKey { get; set; } = "";

    public List<ReplacedApiToken> ReplacedTokens { get; set; } = [];
}
