namespace Flash.DevHost.Store;

/// <summary>
/// The model of the Lightning setup page, shaped like BTCPay's <c>LightningNodeViewModel</c> where the plugin looks:
/// <c>StoreId</c> and <c>CryptoCode</c> (the chain the page sets up), and the store's connection string on that chain.
/// </summary>
public sealed class LightningNodeViewModel
{
    public required string StoreId { get; init; }

    public required string CryptoCode { get; init; }

    public string? ConnectionString { get; init; }
}
