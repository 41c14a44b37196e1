namespace BTCPayServer.Plugins.Flash.Checkout;

/// <summary>
/// The checkouts of the host (BTCPay Server, or the dev host playing it), as far as renewing a checkout's lightning
/// invoice needs them: which checkout shows a BOLT11, and asking the host for a new lightning prompt. BTCPay's own
/// types sit behind <see cref="BTCPayCheckouts"/>, so the renewal logic is tested without BTCPay.
/// </summary>
public interface IFlashCheckouts
{
    /// <summary>
    /// Why the host's checkout types cannot be reached (a BTCPay whose types changed, or none at all), or null when
    /// they can. Checked once, without touching any invoice.
    /// </summary>
    string? Unavailable { get; }

    /// <summary>
    /// The checkout whose lightning prompt (BTCPay's <c>BTC-LN</c>, not <c>BTC-LNURL</c>) has this payment hash, or
    /// null when none does (an LNURL-pay invoice, a payout, another store's host).
    /// </summary>
    /// <exception cref="FlashCheckoutsUnavailableException">The host's types do not bind (a BTCPay version the plugin does not know).</exception>
    Task<FlashCheckout?> FindByPaymentHashAsync(string paymentHash, CancellationToken cancellation);

    /// <summary>
    /// Asks the host for a new lightning prompt of the checkout (it calls the plugin's <c>CreateInvoice</c> and shows
    /// the new BOLT11). False when the host made none (the checkout is no longer open, or the invoice failed).
    /// </summary>
    /// <exception cref="FlashCheckoutsUnavailableException">The host's types do not bind.</exception>
    Task<bool> RenewLightningPromptAsync(string checkoutId, CancellationToken cancellation);
}

/// <summary>A checkout as renewal sees it.</summary>
/// <param name="Id">The host's invoice id.</param>
/// <param name="IsOpen">Still waiting for payment: BTCPay's <c>New</c>, not paid, settling, expired or invalid.</param>
/// <param name="ExpiresAt">When the host's invoice expires: renewal stops then.</param>
/// <param name="LightningDestination">The BOLT11 the checkout shows now.</param>
public sealed record FlashCheckout(string Id, bool IsOpen, DateTimeOffset ExpiresAt, string? LightningDestination);

/// <summary>The host's checkout types could not be reached (renewal is then off, and the settings page says so).</summary>
public sealed class FlashCheckoutsUnavailableException(string reason, Exception? innerException = null) : Exception(reason, innerException);
