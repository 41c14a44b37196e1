namespace Flash.MockServer.CashWallet;

/// <summary>
/// Where Flash's move of USD cash wallets to USDT wallets stands (<c>cashWalletCutover { state }</c>). Flash keeps one
/// such state for the whole platform (src/app/cash-wallet-cutover/), not one per account.
/// </summary>
public enum CashWalletCutoverState
{
    /// <summary>Not started: every account is shown and paid on its USD wallet.</summary>
    Pre,

    /// <summary>Running: accounts whose migration completed use their USDT wallet, the others still their USD wallet.</summary>
    InProgress,

    /// <summary>Finished: migrated accounts use their USDT wallet.</summary>
    Complete,

    /// <summary>Undone: funds are back on the USD wallets, which accounts use again.</summary>
    RolledBack,
}
