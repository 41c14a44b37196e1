namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>Why an invoice Flash created cannot be handed to BTCPay, or why none is asked for.</summary>
public enum FlashInvoiceMismatch
{
    /// <summary>The payment request is not a valid BOLT 11 invoice for the expected network.</summary>
    InvalidInvoice,

    /// <summary>The invoice's payment hash is not the one Flash reported beside it.</summary>
    PaymentHashMismatch,

    /// <summary>The invoice asks for less than BTCPay asked for.</summary>
    AmountTooLow,

    /// <summary>The invoice asks for more than BTCPay asked for, beyond rounding and price movement.</summary>
    AmountTooHigh,

    /// <summary>The invoice has no description hash although one was requested (LNURL-pay, LUD-06).</summary>
    DescriptionHashMissing,

    /// <summary>The invoice commits to another description hash than the one requested.</summary>
    DescriptionHashMismatch,

    /// <summary>
    /// LNURL-pay asked for an amount that is not a whole number of satoshis; Flash invoices whole satoshis only, so it
    /// was refused before asking Flash.
    /// </summary>
    AmountNotWholeSatoshis,

    /// <summary>The invoice's amount is not exactly the one LNURL-pay asked for (LUD-06: wallets refuse any other).</summary>
    AmountNotExact,
}
