namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>Caching and listening settings of <see cref="FlashLightningClient"/>.</summary>
public sealed class FlashLightningClientOptions
{
    /// <summary>How long the chosen wallet is reused before the account is asked again.</summary>
    public TimeSpan WalletCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a USD price is reused to size invoices. Flash prices each invoice itself; the cached price only
    /// has to be close, and an invoice that comes back outside tolerance is retried with a fresh price.
    /// </summary>
    public TimeSpan PriceCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a listener asks over HTTP about invoices whose WebSocket subscription is not running.</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before a failed subscription is tried again; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its expiry an invoice or payment is remembered, for lookups by payment hash, which Flash's
    /// API cannot answer itself.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);
}
