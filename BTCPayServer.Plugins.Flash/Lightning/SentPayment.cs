using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Lightning.Bolt11;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>A payment this connection sent, as last known.</summary>
internal sealed record SentPayment(Bolt11Invoice Invoice, DateTimeOffset CreatedAt, LightningPaymentStatus Status);
