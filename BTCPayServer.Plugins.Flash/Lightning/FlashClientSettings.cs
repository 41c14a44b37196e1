using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>What a <see cref="FlashLightningClient"/> is for, as its connection string says it.</summary>
/// <param name="ConnectionString">
/// What <see cref="FlashLightningClient.ToString"/> returns: the string the handler parsed, without any plaintext token.
/// </param>
/// <param name="Network">The network BTCPay expects; invoices for another network are refused.</param>
public sealed record FlashClientSettings(string ConnectionString, Network Network)
{
    /// <summary>Flash's GraphQL endpoint when it is known without asking anything; null for a store's saved connection not opened yet.</summary>
    public Uri? ServerUri { get; init; }

    /// <summary>The string carries the API token in plain text (manual set-up), which BTCPay would store as typed.</summary>
    public bool HoldsPlainToken { get; init; }

    /// <summary>See <see cref="FlashConnectionsOptions.ValidateLocalServers"/>.</summary>
    public bool ValidateLocalServers { get; init; }

    public FlashLightningClientOptions Options { get; init; } = new();
}
