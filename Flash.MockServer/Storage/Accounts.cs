namespace Flash.MockServer.Storage;

internal enum WalletCurrency
{
    BTC,
    USD,
    USDT,
}

internal sealed record Account(string Id, string Username, DateTimeOffset CreatedAt, string DefaultWalletId);

/// <summary>A wallet; <see cref="Balance"/> is in the wallet's minor unit: sats for BTC, cents for USD and USDT.</summary>
internal sealed record Wallet(string Id, string AccountId, WalletCurrency Currency, decimal Balance)
{
    public bool IsDollar => Currency is WalletCurrency.USD or WalletCurrency.USDT;
}
