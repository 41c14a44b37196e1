using System.Reflection;
using System.Text.Json;
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

    /// <summary>
    /// The store's checkout settings, read from BTCPay's <c>StoreData.StoreBlob</c> JSON (<c>invoiceExpiration</c> in
    /// minutes, <c>lazyPaymentMethods</c>, names in any case); BTCPay's defaults for what is missing or unreadable.
    /// </summary>
    public static StoreCheckout CheckoutOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Property(context, "StoreBlob") is not { Length: > 0 } blob)
            return StoreCheckout.BTCPayDefault;
        try
        {
            using var document = JsonDocument.Parse(blob);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return StoreCheckout.BTCPayDefault;
            var expiration = StoreCheckout.BTCPayDefault.InvoiceExpiration;
            var lazy = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("invoiceExpiration") || string.Equals(property.Name, "invoiceExpiration", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var minutes) && minutes is > 0 and < 1e6)
                        expiration = TimeSpan.FromMinutes(minutes);
                }
                else if (string.Equals(property.Name, "lazyPaymentMethods", StringComparison.OrdinalIgnoreCase))
                {
                    lazy = property.Value.ValueKind == JsonValueKind.True;
                }
            }
            return new StoreCheckout(expiration, lazy);
        }
        catch (JsonException)
        {
            return StoreCheckout.BTCPayDefault;
        }
    }

    private static string? Property(HttpContext context, string name) =>
        context.Items.TryGetValue(ItemKey, out var store) && store is not null
            ? store.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(store) as string
            : null;
}
