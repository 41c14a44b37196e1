namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// The store's checkout settings the capability report compares Flash's limits with: how long an invoice may be
/// paid (BTCPay's default is 15 minutes) and whether payment methods are made only when the customer picks one.
/// </summary>
public sealed record StoreCheckout(TimeSpan InvoiceExpiration, bool LazyPaymentMethods)
{
    public static StoreCheckout BTCPayDefault { get; } = new(TimeSpan.FromMinutes(15), LazyPaymentMethods: false);
}
