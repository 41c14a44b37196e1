using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>A payment this connection sent from the wallet on <paramref name="Server"/>, as last known.</summary>
internal sealed record SentPayment(BOLT11PaymentRequest Invoice, FlashEndpoints Server, DateTimeOffset CreatedAt, LightningPaymentStatus Status);
