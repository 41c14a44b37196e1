namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>Every operation <see cref="FlashApiClient"/> sends, loaded once from the embedded documents.</summary>
internal static class FlashOperations
{
    public static FlashOperation Me { get; } = FlashOperation.Load("Me", "me");

    public static FlashOperation Globals { get; } = FlashOperation.Load("Globals", "globals");

    public static FlashOperation RealtimePrice { get; } = FlashOperation.Load("RealtimePrice", "realtimePrice");

    public static FlashOperation LnInvoiceCreate { get; } = FlashOperation.Load("LnInvoiceCreate", "lnInvoiceCreate");

    public static FlashOperation LnUsdInvoiceCreate { get; } = FlashOperation.Load("LnUsdInvoiceCreate", "lnUsdInvoiceCreate");

    public static FlashOperation LnInvoiceCreateOnBehalfOfRecipient { get; } =
        FlashOperation.Load("LnInvoiceCreateOnBehalfOfRecipient", "lnInvoiceCreateOnBehalfOfRecipient");

    public static FlashOperation LnUsdInvoiceCreateOnBehalfOfRecipient { get; } =
        FlashOperation.Load("LnUsdInvoiceCreateOnBehalfOfRecipient", "lnUsdInvoiceCreateOnBehalfOfRecipient");

    public static FlashOperation LnInvoicePaymentStatusQuery { get; } =
        FlashOperation.Load("LnInvoicePaymentStatusQuery", "lnInvoicePaymentStatus");

    public static FlashOperation LnInvoicePaymentStatusSubscription { get; } =
        FlashOperation.Load("LnInvoicePaymentStatusSubscription", "lnInvoicePaymentStatus");

    public static FlashOperation MyUpdates { get; } = FlashOperation.Load("MyUpdates", "myUpdates");

    public static FlashOperation LnInvoicePaymentSend { get; } = FlashOperation.Load("LnInvoicePaymentSend", "lnInvoicePaymentSend");
}
