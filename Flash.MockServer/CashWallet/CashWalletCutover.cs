using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace Flash.MockServer.CashWallet;

/// <summary>
/// The platform-wide cut-over state (the control API may change it), and what it means for one account: the wallets a
/// client is shown and the wallet an operation on a legacy USD wallet id really uses.
/// </summary>
internal sealed class CashWalletCutover(MockFlashServerOptions options, AccountRepository accounts)
{
    private readonly Lock _gate = new();
    private CashWalletCutoverState _state = options.CashWalletCutover;

    public CashWalletCutoverState State
    {
        get
        {
            lock (_gate)
                return _state;
        }
        set
        {
            lock (_gate)
                _state = value;
        }
    }

    public async Task<CashWalletPresentation> PresentAsync(Account account, bool clientShowsUsdt, CancellationToken cancellation) =>
        CashWalletPresentation.For(account, await accounts.GetWalletsAsync(account.Id, cancellation), State, clientShowsUsdt);

    /// <summary>
    /// Where an operation on <paramref name="wallet"/> lands, whatever the client shows: Flash reroutes a legacy USD
    /// wallet id to the settlement wallet in <c>lnUsdInvoiceCreate</c>, its on-behalf-of variant and the USD fee probe.
    /// </summary>
    public async Task<Wallet> RouteAsync(Wallet wallet, CancellationToken cancellation)
    {
        if (wallet.Currency != WalletCurrency.USD || await accounts.GetAsync(wallet.AccountId, cancellation) is not { } account)
            return wallet;
        return (await PresentAsync(account, clientShowsUsdt: false, cancellation)).Route(wallet);
    }

    /// <summary>The name Flash's <c>CashWalletCutoverState</c> enum gives a state.</summary>
    public static string GraphQLName(CashWalletCutoverState state) => state switch
    {
        CashWalletCutoverState.Pre => "PRE",
        CashWalletCutoverState.InProgress => "IN_PROGRESS",
        CashWalletCutoverState.Complete => "COMPLETE",
        CashWalletCutoverState.RolledBack => "ROLLED_BACK",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>A state by its GraphQL name (PRE, IN_PROGRESS, COMPLETE, ROLLED_BACK), in any case; null for anything else.</summary>
    public static CashWalletCutoverState? Parse(string? name) =>
        Enum.GetValues<CashWalletCutoverState>().Where(s => string.Equals(GraphQLName(s), name, StringComparison.OrdinalIgnoreCase))
            .Select(s => (CashWalletCutoverState?)s).FirstOrDefault();
}
