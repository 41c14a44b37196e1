namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>
/// BTCPay's view components the plugin's views invoke, by their full names: they live in BTCPayServer.dll, which the
/// plugin does not reference, so BTCPay's <c>&lt;vc:...&gt;</c> tags cannot compile here, while
/// <c>Component.InvokeAsync(name, ...)</c> finds them in the host at run time.
/// </summary>
public static class BTCPayViewComponents
{
    /// <summary>
    /// <c>&lt;vc:icon symbol="..." /&gt;</c>: a symbol of BTCPay's icon sprite (<c>lightning</c>, <c>caret-down</c>, ...),
    /// as BTCPay's navigation and its lists of Lightning nodes show them.
    /// </summary>
    public const string Icon = "BTCPayServer.Components.Icon.Icon";
}
