using Flash.MockServer.Storage;

namespace Flash.MockServer.Lightning;

/// <summary>
/// A request for an invoice into <see cref="Wallet"/>: an amount in sats (BTC wallets), in cents (USD
/// wallets) or none, with an optional memo or description hash and expiry in minutes.
/// </summary>
internal sealed record InvoiceOrder(Wallet Wallet, long? Sats, decimal? Cents, string? Memo, byte[]? DescriptionHash, long? ExpiresInMinutes);
