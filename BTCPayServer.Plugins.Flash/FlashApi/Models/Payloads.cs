namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

// The payload envelopes of Flash's mutations and subscriptions: a result and the business errors beside it.
// FlashApiClient unwraps them, turning errors into FlashPayloadErrorException, so they stay internal.

internal sealed record LnInvoicePayload
{
    public LnInvoice? Invoice { get; init; }

    public IReadOnlyList<PayloadError> Errors { get; init; } = [];
}

internal sealed record LnInvoicePaymentStatusPayload
{
    public InvoicePaymentStatus? Status { get; init; }

    public IReadOnlyList<PayloadError> Errors { get; init; } = [];
}

internal sealed record PaymentSendPayload
{
    public PaymentSendResult? Status { get; init; }

    public IReadOnlyList<PayloadError> Errors { get; init; } = [];
}

/// <summary><c>CentAmountPayload</c> or <c>SatAmountPayload</c>: a fee probe's amount, in the wallet's unit.</summary>
internal sealed record AmountPayload
{
    public decimal? Amount { get; init; }

    public IReadOnlyList<PayloadError> Errors { get; init; } = [];
}
