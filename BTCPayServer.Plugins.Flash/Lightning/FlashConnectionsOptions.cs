namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>How many live connections <see cref="FlashConnections"/> keeps, and for how long an unused one stays.</summary>
public sealed class FlashConnectionsOptions
{
    /// <summary>
    /// Connection strings (and, separately, accounts) kept at most; beyond it the least recently used go first.
    /// A connection whose invoices a listener is watching is never dropped.
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>An entry unused this long is dropped (rebuilt on the next use: one settings read, one decryption).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether <c>Validate</c> may contact a Flash server on a local or private address. Off: BTCPay calls it before
    /// its own rule decides whether the user may point a store there, so it checks such strings offline only. On for
    /// a development host whose Flash runs on this machine.
    /// </summary>
    public bool ValidateLocalServers { get; set; }

    /// <summary>Settings of the clients handed out.</summary>
    public FlashLightningClientOptions Client { get; set; } = new();

    /// <summary>
    /// The most invoice status subscriptions one WebSocket carries; past it, another socket to the same server opens.
    /// Every listener of the process shares these sockets.
    /// </summary>
    public int MaxSubscriptionsPerSocket { get; set; } = FlashPublicApi.DefaultMaxSubscriptionsPerSocket;
}
