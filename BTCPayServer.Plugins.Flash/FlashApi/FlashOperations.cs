namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>Every operation the plugin sends, loaded once from the embedded documents.</summary>
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

    // The token service (Auth/): the seed design's apiToken* (sent over the WebSocket with the session) and
    // Flash today's apiKey* (over HTTP with the session).
    public static FlashOperation ApiTokenCreate { get; } = FlashOperation.Load("ApiTokenCreate", "apiTokenCreate");

    public static FlashOperation ApiTokens { get; } = FlashOperation.Load("ApiTokens", "apiTokens");

    public static FlashOperation ApiTokenRevoke { get; } = FlashOperation.Load("ApiTokenRevoke", "apiTokenRevoke");

    public static FlashOperation ApiTokenRotate { get; } = FlashOperation.Load("ApiTokenRotate", "apiTokenRotate");

    public static FlashOperation ApiKeyCreate { get; } = FlashOperation.Load("ApiKeyCreate", "apiKeyCreate");

    public static FlashOperation ApiKeys { get; } = FlashOperation.Load("ApiKeys", "apiKeys");

    public static FlashOperation ApiKeyRevoke { get; } = FlashOperation.Load("ApiKeyRevoke", "apiKeyRevoke");

    public static FlashOperation ApiKeyRotate { get; } = FlashOperation.Load("ApiKeyRotate", "apiKeyRotate");

    /// <summary>The settings page's "Test connection" (StoreConnection/FlashAccountProbe).</summary>
    public static FlashOperation AccountProbe { get; } = FlashOperation.Load("FlashAccountProbe", "me");
}
