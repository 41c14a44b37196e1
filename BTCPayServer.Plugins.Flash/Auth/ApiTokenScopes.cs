namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The least the plugin asks for: create invoices and read their status and the wallet balance, and pay
/// (payouts). API token service (<c>flash_</c> tokens): <c>read</c> and <c>write</c> (never <c>admin</c>, which could manage tokens).
/// API key service (<c>fk_</c> keys): <c>read_user</c> (for <c>me</c>), <c>read_wallet</c> and <c>write_wallet</c>.
/// </summary>
public static class ApiTokenScopes
{
    public static IReadOnlyList<string> ApiToken { get; } = ["read", "write"];

    public static IReadOnlyList<string> ApiKey { get; } = ["read_user", "read_wallet", "write_wallet"];

    /// <summary>What the scopes allow, in the words the settings page shows.</summary>
    public static IReadOnlyList<string> InPlainWords { get; } =
    [
        "See your account and wallet balances",
        "Create invoices for your store's checkouts and read whether they are paid",
        "Send payments from your wallet (used only for payouts you approve in BTCPay Server)",
    ];
}
