using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Which wallet of the Flash account receives and pays: the wallet with <see cref="WalletId"/>, else the account's
/// wallet of <see cref="Currency"/>, else the account's default wallet. USD and USDT wallets are both dollar wallets
/// (Flash moves USD cash wallets to USDT): asking for either finds the account's dollar wallet, the default one first.
/// One rule for checkout and for the settings page's "Test connection", so both name the same wallet.
/// </summary>
public sealed record FlashWalletSelection(string? WalletId = null, WalletCurrency? Currency = null)
{
    public static FlashWalletSelection AccountDefault { get; } = new();

    /// <exception cref="FlashWalletNotFoundException">The account has no such wallet, and no dollar wallet to fall back to.</exception>
    internal FlashWalletChoice Choose(Account account, string server)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (WalletId is not null)
        {
            var byId = account.Wallets.FirstOrDefault(w => string.Equals(w.Id, WalletId, StringComparison.Ordinal));
            if (byId is null && Currency is not WalletCurrency.BTC)
            {
                // After Flash's USDT cut-over the account's USD wallet id may be gone: the dollar wallet now receives.
                var dollar = DollarWallet(account)
                    ?? throw new FlashWalletNotFoundException($"The Flash account has no wallet with id '{WalletId}'", server);
                return new FlashWalletChoice(dollar,
                    $"The Flash wallet {WalletId} chosen for this store is no longer in the account (Flash moving USD wallets to USDT is one reason), so payments go to its {dollar.WalletCurrency} wallet {dollar.Id}: reconnect Flash to choose it and end this warning.");
            }
            if (byId is null)
                throw new FlashWalletNotFoundException($"The Flash account has no wallet with id '{WalletId}'", server);
            return Currency is { } expected && !SameKind(byId.WalletCurrency, expected)
                ? throw new FlashWalletNotFoundException($"The Flash wallet '{WalletId}' holds {byId.WalletCurrency}, not {expected}", server)
                : new FlashWalletChoice(byId, null);
        }
        if (Currency is { } currency)
        {
            var wallet = currency == WalletCurrency.BTC ? account.Wallets.FirstOrDefault(w => w.WalletCurrency == WalletCurrency.BTC) : DollarWallet(account);
            return wallet is null
                ? throw new FlashWalletNotFoundException($"The Flash account has no {(currency == WalletCurrency.BTC ? "BTC" : "dollar (USD or USDT)")} wallet", server)
                : new FlashWalletChoice(wallet, null);
        }
        var byDefault = account.Wallets.FirstOrDefault(w => string.Equals(w.Id, account.DefaultWalletId, StringComparison.Ordinal))
            ?? throw new FlashWalletNotFoundException("The Flash account's default wallet is not among its wallets", server);
        return new FlashWalletChoice(byDefault, null);
    }

    /// <summary>The account's dollar wallet: the default one if it is a dollar wallet, else USDT, else USD.</summary>
    private static Wallet? DollarWallet(Account account) =>
        account.Wallets.FirstOrDefault(w => w.IsDollar && string.Equals(w.Id, account.DefaultWalletId, StringComparison.Ordinal))
        ?? account.Wallets.FirstOrDefault(w => w.WalletCurrency == WalletCurrency.USDT)
        ?? account.Wallets.FirstOrDefault(w => w.WalletCurrency == WalletCurrency.USD);

    private static bool SameKind(WalletCurrency held, WalletCurrency expected) =>
        held == expected || (held is WalletCurrency.USD or WalletCurrency.USDT && expected is WalletCurrency.USD or WalletCurrency.USDT);
}

/// <summary>The wallet a selection chose, and why it is not the one asked for, when it is not.</summary>
internal sealed record FlashWalletChoice(Wallet Wallet, string? Warning);
