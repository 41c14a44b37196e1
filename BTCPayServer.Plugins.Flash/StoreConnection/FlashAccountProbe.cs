using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// "Test connection": <c>me</c> asked with the store's stored token, exactly as checkout authenticates, and the
/// wallet chosen by the same rule checkout uses (<see cref="FlashWalletSelection"/>).
/// </summary>
public sealed class FlashAccountProbe(FlashTransports transports, ApiTokenProtector protector)
{
    /// <exception cref="FlashReconnectRequiredException">The token cannot be decrypted or is not a Flash token.</exception>
    /// <exception cref="GraphQL.FlashApiException">Flash refused the token or could not be reached.</exception>
    /// <exception cref="FlashWalletNotFoundException">The account has no wallet the connection's selection names.</exception>
    public async Task<FlashAccountSummary> ProbeAsync(FlashStoreConnection connection, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var endpoints = connection.ToEndpoints();
        var api = new FlashApiClient(transports.Http(endpoints.GraphQL, ApiTokenHeaderSource.ForProtectedToken(connection.ProtectedToken, protector, endpoints.Server).Source));
        var user = await api.GetUserAsync(cancellation);
        var choice = new FlashWalletSelection(connection.WalletId, connection.Currency).Choose(user.DefaultAccount, endpoints.Server);
        return new FlashAccountSummary(user.Username, choice.Wallet, user.DefaultAccount.Wallets, choice.Warning);
    }
}

/// <summary>What "Test connection" shows: the account, the wallet that receives payments, and why it is not the one chosen.</summary>
public sealed record FlashAccountSummary(string? Username, Wallet Wallet, IReadOnlyList<Wallet> Wallets, string? Warning)
{
    public IReadOnlyList<string> WalletIds => Wallets.Select(w => w.Id).ToList();

    public string Describe()
    {
        var currencies = Wallets.Select(w => w.WalletCurrency.ToString()).Distinct().ToList();
        return $"Signed in to Flash as {Username ?? "an account without a username"}; payments go to the {Wallet.WalletCurrency} wallet" +
            (currencies.Count > 1 ? $" (the account has {string.Join(", ", currencies)} wallets)" : "") +
            (Warning is { } warning ? ". " + warning : "");
    }
}
