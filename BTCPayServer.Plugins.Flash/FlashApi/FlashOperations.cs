namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>Every operation the plugin sends, loaded once from the embedded documents.</summary>
internal static class FlashOperations
{
    public static FlashOperation Me { get; } = FlashOperation.Load("Me", "me", "read the account and its wallets");

    public static FlashOperation MeAndPrice { get; } = FlashOperation.Load("MeAndPrice", "me", "read the account and the BTC price");

    public static FlashOperation Globals { get; } = FlashOperation.Load("Globals", "globals", "read the server's settings");

    public static FlashOperation CashWalletCutover { get; } = FlashOperation.Load("CashWalletCutover", "cashWalletCutover", "tell where it is in moving USD wallets to USDT");

    public static FlashOperation RealtimePrice { get; } = FlashOperation.Load("RealtimePrice", "realtimePrice", "give the BTC price");

    public static FlashOperation LnInvoiceCreate { get; } = FlashOperation.Load("LnInvoiceCreate", "lnInvoiceCreate", "create the invoice");

    public static FlashOperation LnUsdInvoiceCreate { get; } = FlashOperation.Load("LnUsdInvoiceCreate", "lnUsdInvoiceCreate", "create the invoice");

    public static FlashOperation LnInvoiceCreateOnBehalfOfRecipient { get; } =
        FlashOperation.Load("LnInvoiceCreateOnBehalfOfRecipient", "lnInvoiceCreateOnBehalfOfRecipient", "create the invoice");

    public static FlashOperation LnUsdInvoiceCreateOnBehalfOfRecipient { get; } =
        FlashOperation.Load("LnUsdInvoiceCreateOnBehalfOfRecipient", "lnUsdInvoiceCreateOnBehalfOfRecipient", "create the invoice");

    public static FlashOperation LnInvoicePaymentStatusQuery { get; } =
        FlashOperation.Load("LnInvoicePaymentStatusQuery", "lnInvoicePaymentStatus", "tell the invoice's status");

    public static FlashOperation LnInvoicePaymentStatusSubscription { get; } =
        FlashOperation.Load("LnInvoicePaymentStatusSubscription", "lnInvoicePaymentStatus", "report the invoice's status");

    public static FlashOperation LnInvoicePaymentSend { get; } = FlashOperation.Load("LnInvoicePaymentSend", "lnInvoicePaymentSend", "pay the invoice");

    public static FlashOperation LnUsdInvoiceFeeProbe { get; } = FlashOperation.Load("LnUsdInvoiceFeeProbe", "lnUsdInvoiceFeeProbe", "tell the fee of paying the invoice");

    public static FlashOperation LnInvoiceFeeProbe { get; } = FlashOperation.Load("LnInvoiceFeeProbe", "lnInvoiceFeeProbe", "tell the fee of paying the invoice");

    // The token services (Auth/): the API token service's apiToken* (sent over the WebSocket with the session,
    // flash_ tokens) and the API key service's apiKey* (over HTTP with the session, fk_ keys; what Flash runs today).
    public static FlashOperation ApiTokenCreate { get; } = FlashOperation.Load("ApiTokenCreate", "apiTokenCreate", "create an API token");

    public static FlashOperation ApiTokens { get; } = FlashOperation.Load("ApiTokens", "apiTokens", "list the account's API tokens");

    public static FlashOperation ApiTokenRevoke { get; } = FlashOperation.Load("ApiTokenRevoke", "apiTokenRevoke", "revoke the API token");

    public static FlashOperation ApiTokenRotate { get; } = FlashOperation.Load("ApiTokenRotate", "apiTokenRotate", "rotate the API token");

    public static FlashOperation ApiKeyCreate { get; } = FlashOperation.Load("ApiKeyCreate", "apiKeyCreate", "create an API key");

    public static FlashOperation ApiKeys { get; } = FlashOperation.Load("ApiKeys", "apiKeys", "list the account's API keys");

    public static FlashOperation ApiKeyRevoke { get; } = FlashOperation.Load("ApiKeyRevoke", "apiKeyRevoke", "revoke the API key");

    public static FlashOperation ApiKeyRotate { get; } = FlashOperation.Load("ApiKeyRotate", "apiKeyRotate", "rotate the API key");

}
