using System.Reflection;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>
/// BTCPay's Lightning setup page as the plugin's extension sees it: the page's model is BTCPay's
/// <c>LightningNodeViewModel</c> (in BTCPayServer.dll, which the plugin does not reference), read by its property
/// names <c>StoreId</c> and <c>CryptoCode</c>. The page exists once per chain with Lightning (BTC, LTC, ...).
/// </summary>
public sealed record LightningSetupPage(string StoreId, string CryptoCode)
{
    /// <summary>Flash wallets receive on Bitcoin's Lightning network only.</summary>
    public bool IsBitcoin => string.Equals(CryptoCode, "BTC", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page a model describes, or null for a model without a store id and a chain (another page's).</summary>
    public static LightningSetupPage? Of(object? model) =>
        model is not null && Text(model, "StoreId") is { Length: > 0 } storeId && Text(model, "CryptoCode") is { Length: > 0 } cryptoCode
            ? new LightningSetupPage(storeId, cryptoCode)
            : null;

    private static string? Text(object model, string property) =>
        model.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.GetValue(model) as string;
}
