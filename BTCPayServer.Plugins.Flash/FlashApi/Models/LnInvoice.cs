namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>An invoice Flash created. The BOLT 11 <see cref="PaymentRequest"/> is the authority on amount, hash and expiry.</summary>
public sealed record LnInvoice
{
    public required string PaymentHash { get; init; }

    public required string PaymentRequest { get; init; }

    /// <summary>The BOLT 11 payment secret (<c>s</c> field). Not a preimage: it does not prove payment.</summary>
    public required string PaymentSecret { get; init; }

    public long? Satoshis { get; init; }
}
