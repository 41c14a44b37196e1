#nullable enable
namespace BTCPayServer.Lightning.Bolt11;

/// <summary>When <see cref="Bolt11Invoice.Parse"/> checks an invoice's signature.</summary>
internal enum Bolt11SignatureCheck
{
    /// <summary>While parsing: an invoice with a bad signature is not returned. For invoices from anyone else.</summary>
    Immediate,

    /// <summary>
    /// On the first read of <see cref="Bolt11Invoice.PayeeNodeId"/>. Checksum, fields and network are still checked
    /// while parsing. For invoices the wallet's own server has just issued over TLS: their signature proves nothing
    /// the caller relies on, and checking it (an ECDSA recovery, hundreds of microseconds in NBitcoin's managed
    /// secp256k1) would cost more than the rest of creating the invoice.
    /// </summary>
    Deferred,
}
