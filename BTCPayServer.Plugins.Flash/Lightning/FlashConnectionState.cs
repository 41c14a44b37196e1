using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// What every <see cref="FlashLightningClient"/> of one store's Flash connection shares. BTCPay builds a new
/// <c>ILightningClient</c> for each call (its <c>LightningClientFactoryService</c> does not cache them), so what one
/// client learns has to live here: the chosen wallet and the USD price (so an invoice costs one request), the
/// invoices awaiting payment (so the listener from <c>Listen()</c> hears of invoices other instances created), and
/// the payments sent (so <c>GetPayment</c> can answer). Keep one per store connection, for as long as the
/// connection string stays the same, and never share one between stores: that is what keeps stores apart.
/// </summary>
public sealed class FlashConnectionState
{
    internal FlashInvoiceRegistry Invoices { get; } = new();

    internal SentPaymentRegistry Payments { get; } = new();

    internal Cached<ChosenWallet> Wallet { get; } = new();

    internal Cached<UsdPrice> Price { get; } = new();

    /// <summary>The wallet a selection resolved to; a client with another selection does not reuse it.</summary>
    internal sealed record ChosenWallet(FlashWalletSelection Selection, Wallet Wallet);

    internal sealed record UsdPrice(decimal CentsPerSatoshi);
}
