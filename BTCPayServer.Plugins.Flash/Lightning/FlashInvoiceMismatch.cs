namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>Why an invoice Flash created cannot be handed to BTCPay.</summary>
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
}
