using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Which wallet of the Flash account receives and pays: the wallet with <see cref="WalletId"/>, else the first
/// wallet of <see cref="Currency"/>, else the account's default wallet. When both are given they must agree.
/// </summary>
public sealed record FlashWalletSelection(string? WalletId = null, WalletCurrency? Currency = null)
{
    public static FlashWalletSelection AccountDefault { get; } = new();

    /// <exception cref="FlashWalletNotFoundException">The account has no such wallet.</exception>
    internal Wallet Choose(Account account, string server)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (WalletId is not null)
        {
            var byId = account.Wallets.FirstOrDefault(w => string.Equals(w.Id, WalletId, StringComparison.Ordinal))
                ?? throw new FlashWalletNotFoundException($"The Flash account has no wallet with id '{WalletId}'", server);
            return Currency is { } expected && byId.WalletCurrency != expected
                ? throw new FlashWalletNotFoundException($"The Flash wallet '{WalletId}' holds {byId.WalletCurrency}, not {expected}", server)
                : byId;
        }
        if (Currency is { } currency)
        {
            return account.Wallets.FirstOrDefault(w => w.WalletCurrency == currency)
                ?? throw new FlashWalletNotFoundException($"The Flash account has no {currency} wallet", server);
        }
        return account.Wallets.FirstOrDefault(w => string.Equals(w.Id, account.DefaultWalletId, StringComparison.Ordinal))
            ?? throw new FlashWalletNotFoundException("The Flash account's default wallet is not among its wallets", server);
    }
}
