namespace Flash.MockServer.CashWallet;

/// <summary>
/// What a client declares in <c>X-Flash-Client-Capabilities</c> (comma-separated, any case, the header possibly
/// repeated), as Flash parses it in src/app/cash-wallet-cutover/client-capability.ts.
/// </summary>
internal static class ClientCapabilities
{
    public const string Header = "X-Flash-Client-Capabilities";

    /// <summary>A client that can show a USDT cash wallet; without it Flash presents the legacy USD wallet.</summary>
    public const string UsdtCashWallet = "cash-wallet-usdt-v1";

    public static bool DeclaresUsdtCashWallet(IEnumerable<string?> headerValues) =>
        headerValues.OfType<string>()
            .SelectMany(value => value.Split(','))
            .Any(capability => string.Equals(capability.Trim(), UsdtCashWallet, StringComparison.OrdinalIgnoreCase));
}
