namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

// Input objects of Flash's schema, field for field. Optional fields left null are not sent.

/// <summary><c>LnInvoiceCreateInput</c>: a BTC-wallet invoice; <see cref="ExpiresIn"/> is in minutes.</summary>
public sealed record LnInvoiceCreateInput
{
    public required string WalletId { get; init; }

    public required long Amount { get; init; }

    public string? Memo { get; init; }

    public long? ExpiresIn { get; init; }
}

/// <summary><c>LnUsdInvoiceCreateInput</c>: a USD-wallet invoice for <see cref="Amount"/> US cents.</summary>
public sealed record LnUsdInvoiceCreateInput
{
    public required string WalletId { get; init; }

    public required decimal Amount { get; init; }

    public string? Memo { get; init; }

    public long? ExpiresIn { get; init; }
}

/// <summary><c>LnInvoiceCreateOnBehalfOfRecipientInput</c>: like a BTC invoice, and it can carry a description hash.</summary>
public sealed record LnInvoiceCreateOnBehalfOfRecipientInput
{
    public required string RecipientWalletId { get; init; }

    public required long Amount { get; init; }

    /// <summary>64 hex characters: SHA-256 of the description the BOLT 11 <c>h</c> field must commit to.</summary>
    public string? DescriptionHash { get; init; }

    public string? Memo { get; init; }

    public long? ExpiresIn { get; init; }
}

/// <summary><c>LnUsdInvoiceCreateOnBehalfOfRecipientInput</c>: like a USD invoice, and it can carry a description hash.</summary>
public sealed record LnUsdInvoiceCreateOnBehalfOfRecipientInput
{
    public required string RecipientWalletId { get; init; }

    public required decimal Amount { get; init; }

    public string? DescriptionHash { get; init; }

    public string? Memo { get; init; }

    public long? ExpiresIn { get; init; }
}

/// <summary><c>LnInvoicePaymentInput</c>: pays <see cref="PaymentRequest"/> from <see cref="WalletId"/>.</summary>
public sealed record LnInvoicePaymentInput
{
    public required string WalletId { get; init; }

    public required string PaymentRequest { get; init; }

    public string? Memo { get; init; }

    /// <summary>A repeated send with the same key returns the first result instead of paying again.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary><c>LnUsdInvoiceFeeProbeInput</c> and <c>LnInvoiceFeeProbeInput</c>: the fee of paying <see cref="PaymentRequest"/> from <see cref="WalletId"/>.</summary>
public sealed record FeeProbeInput
{
    public required string WalletId { get; init; }

    public required string PaymentRequest { get; init; }
}

/// <summary><c>LnInvoicePaymentStatusInput</c>.</summary>
public sealed record LnInvoicePaymentStatusInput
{
    public required string PaymentRequest { get; init; }
}

/// <summary>The <c>$input</c> variable every Flash mutation takes.</summary>
internal sealed record InputVariables<TInput>(TInput Input);

internal sealed record RealtimePriceVariables(string Currency);
