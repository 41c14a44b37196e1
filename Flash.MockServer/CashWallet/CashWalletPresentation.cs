using Flash.MockServer.Storage;

namespace Flash.MockServer.CashWallet;

/// <summary>
/// How Flash shows one account's cash wallet to one client, and which wallet its USD money really uses
/// (src/app/cash-wallet-cutover/guard.ts, presentation.ts, presentation-for-account.ts). In the mock an account is
/// cut over when it holds both a legacy USD wallet and the USDT wallet its money moved to; its migration counts as
/// complete, so it settles on the USDT wallet while the cut-over is in progress or complete, and on the USD wallet
/// before it starts or after it is rolled back. Accounts without both wallets are shown as they are.
/// </summary>
internal sealed class CashWalletPresentation
{
    private readonly Wallet? _legacyUsd;
    private readonly Wallet? _settlement;

    private CashWalletPresentation(IReadOnlyList<Wallet> wallets, string defaultWalletId, Wallet? legacyUsd, Wallet? settlement)
    {
        Wallets = wallets;
        DefaultWalletId = defaultWalletId;
        _legacyUsd = legacyUsd;
        _settlement = settlement;
    }

    /// <summary>The wallets the client is shown, in the order stored.</summary>
    public IReadOnlyList<Wallet> Wallets { get; }

    /// <summary>For a cut-over account always the cash wallet shown, as in Flash; otherwise the account's own default.</summary>
    public string DefaultWalletId { get; }

    public static CashWalletPresentation For(Account account, IReadOnlyList<Wallet> wallets, CashWalletCutoverState state, bool clientShowsUsdt)
    {
        var legacyUsd = wallets.FirstOrDefault(w => w.Currency == WalletCurrency.USD);
        var usdt = wallets.FirstOrDefault(w => w.Currency == WalletCurrency.USDT);
        if (legacyUsd is null || usdt is null)
            return new CashWalletPresentation(wallets, account.DefaultWalletId, null, null);

        var settlesOnUsdt = state is CashWalletCutoverState.InProgress or CashWalletCutoverState.Complete;
        // Legacy clients keep seeing the USD wallet's id and currency, with the money that now sits on the USDT wallet.
        var shown = settlesOnUsdt && clientShowsUsdt ? usdt : legacyUsd;
        var others = wallets.Where(w => w.Currency is not (WalletCurrency.USD or WalletCurrency.USDT));
        return new CashWalletPresentation([.. others, shown], shown.Id, legacyUsd, settlesOnUsdt ? usdt : legacyUsd);
    }

    /// <summary>The wallet an operation on <paramref name="wallet"/> really uses: a legacy USD wallet id reaches the settlement wallet.</summary>
    public Wallet Route(Wallet wallet) => _legacyUsd is not null && wallet.Id == _legacyUsd.Id ? _settlement! : wallet;

    /// <summary>What <paramref name="wallet"/>'s balance reads as: the legacy USD wallet shows the settlement wallet's money.</summary>
    public decimal BalanceOf(Wallet wallet) => Route(wallet).Balance;
}
