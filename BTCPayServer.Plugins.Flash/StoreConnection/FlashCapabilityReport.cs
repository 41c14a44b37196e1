namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// What works with the store's Flash server, as the last check found it (on connect and on "Test connection"):
/// one line per capability, in plain words, with what the owner should do about it. Kept with the saved
/// connection (BTCPay's settings, Newtonsoft JSON: settable properties, enums by number, so append only).
/// </summary>
public sealed class FlashCapabilityReport
{
    public DateTimeOffset CheckedAt { get; set; }

    public List<FlashCapability> Items { get; set; } = [];

    public FlashCapability? Find(FlashCapabilityKind kind) => Items.Find(i => i.Kind == kind);
}

/// <summary>One line of a <see cref="FlashCapabilityReport"/>.</summary>
public sealed class FlashCapability
{
    public FlashCapabilityKind Kind { get; set; }

    public FlashCapabilityVerdict Verdict { get; set; }

    /// <summary>What the check found, in a sentence for the store owner.</summary>
    public string Summary { get; set; } = "";

    /// <summary>What to do about it; null when nothing needs doing.</summary>
    public string? Advice { get; set; }

    /// <summary>For <see cref="FlashCapabilityKind.InvoiceExpiry"/>: how long Flash's invoices last, in seconds.</summary>
    public long? Seconds { get; set; }
}

/// <summary>The capabilities the report covers. Stored by number: append only.</summary>
public enum FlashCapabilityKind
{
    /// <summary>How the store authenticates: a WebSocket-made <c>flash_</c> token or an HTTP-made <c>fk_</c> key.</summary>
    Credential,

    /// <summary>Whether the chosen wallet can receive (Flash today receives into dollar wallets only).</summary>
    Receive,

    /// <summary>How long Flash's invoices last against how long the store's checkout does.</summary>
    InvoiceExpiry,

    /// <summary>Whether Flash keeps an invoice's description hash, which LNURL-pay and Lightning Address need.</summary>
    DescriptionHash,

    /// <summary>Where Flash is in moving USD cash wallets to USDT.</summary>
    CashWallet,
}

/// <summary>A capability's state. Stored by number: append only.</summary>
public enum FlashCapabilityVerdict
{
    Works,

    /// <summary>Works within a limit the owner should know (60-second invoices, say).</summary>
    Limited,

    DoesNotWork,

    /// <summary>The check itself failed (the summary says which and why); the connection is not blocked by it.</summary>
    Unknown,
}
