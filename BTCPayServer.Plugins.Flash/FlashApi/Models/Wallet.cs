namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>A Flash wallet. <see cref="Balance"/> is in the wallet's minor unit: satoshis, or US cents (with fractions).</summary>
public sealed record Wallet
{
    public required string Id { get; init; }

    public required WalletCurrency WalletCurrency { get; init; }

    /// <summary>Null when the server withholds it.</summary>
    public decimal? Balance { get; init; }

    /// <summary>Whether amounts are US cents (USD and USDT wallets) rather than satoshis.</summary>
    public bool IsDollar => WalletCurrency is WalletCurrency.USD or WalletCurrency.USDT;
}
