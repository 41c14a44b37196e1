using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// The store a request is about, read the way BTCPay exposes it without referencing BTCPayServer.dll: the route's
/// <c>storeId</c>, and the store BTCPay's authorization puts in <c>HttpContext.Items["BTCPAY.STOREDATA"]</c>
/// (a <c>StoreData</c> with <c>Id</c> and <c>StoreName</c>; upstream's <c>HttpContext.GetStoreData()</c> reads it).
/// </summary>
public static class CurrentStore
{
    public const string ItemKey = "BTCPAY.STOREDATA";

    public static string? IdOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetRouteValue("storeId") as string ?? Property(context, "Id");
    }

    /// <summary>The store's display name, or null when the host did not authorize a store for this request.</summary>
    public static string? NameOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Property(context, "StoreName");
    }

    private static string? Property(HttpContext context, string name) =>
        context.Items.TryGetValue(ItemKey, out var store) && store is not null
            ? store.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(store) as string
            : null;
}
