namespace Flash.DevHost.Store;

/// <summary>
/// The dev host's one store, shaped like BTCPay's <c>StoreData</c> where the plugin looks (<c>Id</c>, <c>StoreName</c>),
/// put in <c>HttpContext.Items["BTCPAY.STOREDATA"]</c> once the owner is authorized, as BTCPay does.
/// </summary>
public sealed class DemoStore
{
    public const string DemoId = "demo-store";

    public static DemoStore Instance { get; } = new();

    public string Id => DemoId;

    public string StoreName => "Demo Store";

    /// <summary>BTCPay's store settings as JSON, as <c>StoreData.StoreBlob</c> holds them: BTCPay's checkout defaults.</summary>
    public string StoreBlob => """{"invoiceExpiration":15,"lazyPaymentMethods":false}""";

    /// <summary>How long a checkout waits for payment: the <c>invoiceExpiration</c> of <see cref="StoreBlob"/>.</summary>
    public TimeSpan InvoiceExpiration => TimeSpan.FromMinutes(15);

    /// <summary>The chains whose Lightning the store can set up (BTCPay shows one setup page per chain).</summary>
    public IReadOnlyList<string> LightningCryptoCodes { get; } = ["BTC", "LTC"];

    /// <summary>The user name of the store's Lightning address (<c>/.well-known/lnurlp/demo</c>).</summary>
    public string LightningAddressName => "demo";
}
