using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>Event ids of the lightning client's log entries, so operators can filter on them and tests can wait for them.</summary>
internal static class FlashLogEvents
{
    public static readonly EventId InvoiceCreated = new(4101, nameof(InvoiceCreated));
    public static readonly EventId InvoiceRepriced = new(4102, nameof(InvoiceRepriced));
    public static readonly EventId PaymentSent = new(4103, nameof(PaymentSent));
    public static readonly EventId FeeProbeFailed = new(4104, nameof(FeeProbeFailed));
    public static readonly EventId SubscriptionStarted = new(4201, nameof(SubscriptionStarted));
    public static readonly EventId SubscriptionFailed = new(4202, nameof(SubscriptionFailed));
    public static readonly EventId InvoiceSettled = new(4203, nameof(InvoiceSettled));
    public static readonly EventId InvoiceUnknown = new(4204, nameof(InvoiceUnknown));
    public static readonly EventId StatusPollFailed = new(4205, nameof(StatusPollFailed));
    public static readonly EventId WatchAbandoned = new(4206, nameof(WatchAbandoned));
    public static readonly EventId ListenerFailed = new(4207, nameof(ListenerFailed));
    public static readonly EventId PaidNotConfirmed = new(4208, nameof(PaidNotConfirmed));
    public static readonly EventId WalletFallback = new(4209, nameof(WalletFallback));
    public static readonly EventId WebSocketSilent = new(4210, nameof(WebSocketSilent));
}
