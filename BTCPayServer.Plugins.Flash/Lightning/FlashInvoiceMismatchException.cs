using System.Globalization;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Flash created an invoice that does not satisfy BTCPay's request, or could not create one that does, so none is
/// handed out: a customer must never be shown an invoice for the wrong amount, and LNURL wallets reject one whose
/// amount or description hash differs from what they asked for (LUD-06).
/// </summary>
public sealed class FlashInvoiceMismatchException : FlashAnswerRejectedException
{
    private FlashInvoiceMismatchException(FlashInvoiceMismatch reason, string problem, string server, Exception? innerException = null)
        : base(OnServer(problem, server), server, innerException)
    {
        Reason = reason;
    }

    public FlashInvoiceMismatch Reason { get; }

    internal static FlashInvoiceMismatchException InvalidInvoice(string server, Exception reason) =>
        new(FlashInvoiceMismatch.InvalidInvoice, $"Flash returned a payment request that cannot be used: {reason.Message}", server, reason);

    internal static FlashInvoiceMismatchException PaymentHashMismatch(string server) =>
        new(FlashInvoiceMismatch.PaymentHashMismatch, "Flash returned an invoice whose payment hash differs from the one it reported", server);

    internal static FlashInvoiceMismatchException AmountTooLow(string server, long invoiceMsat, long requestedMsat) =>
        new(FlashInvoiceMismatch.AmountTooLow, string.Create(CultureInfo.InvariantCulture,
            $"Flash returned an invoice for {invoiceMsat} msat, less than the {requestedMsat} msat asked for"), server);

    internal static FlashInvoiceMismatchException AmountTooHigh(string server, long invoiceMsat, long requestedMsat) =>
        new(FlashInvoiceMismatch.AmountTooHigh, string.Create(CultureInfo.InvariantCulture,
            $"Flash returned an invoice for {invoiceMsat} msat, more than rounding allows for the {requestedMsat} msat asked for"), server);

    internal static FlashInvoiceMismatchException AmountNotWholeSatoshis(string server, long requestedMsat) =>
        new(FlashInvoiceMismatch.AmountNotWholeSatoshis, string.Create(CultureInfo.InvariantCulture,
            $"Flash invoices whole satoshis only, so it cannot make an LNURL-pay invoice for exactly {requestedMsat} msat: " +
            $"ask for a whole number of satoshis (a multiple of 1000 msat)"), server);

    internal static FlashInvoiceMismatchException AmountNotExact(string server, long? invoiceMsat, long requestedMsat) =>
        new(FlashInvoiceMismatch.AmountNotExact, string.Create(CultureInfo.InvariantCulture,
            $"Flash returned an LNURL-pay invoice {For(invoiceMsat)}, not for the exact {requestedMsat} msat asked for; " +
            $"LNURL wallets refuse any other amount, so it was not handed out: try again later"), server);

    internal static FlashInvoiceMismatchException PriceNotExact(string server, long? invoiceMsat, long requestedMsat) =>
        new(FlashInvoiceMismatch.AmountNotExact, string.Create(CultureInfo.InvariantCulture,
            $"Flash returned an LNURL-pay invoice {For(invoiceMsat)}, not for the exact {requestedMsat} msat asked for, even at a " +
            $"fresh USD price; LNURL wallets refuse any other amount, so it was not handed out: try again in a moment"), server);

    internal static FlashInvoiceMismatchException DescriptionHashMissing(string server) =>
        new(FlashInvoiceMismatch.DescriptionHashMissing,
            "LNURL-pay and Lightning Address cannot work with this server: Flash drops the description hash, and wallets reject such invoices. " +
            "Turn off LNURL in the store's Lightning payment settings", server);

    internal static FlashInvoiceMismatchException DescriptionHashMismatch(string server) =>
        new(FlashInvoiceMismatch.DescriptionHashMismatch,
            "Flash returned an invoice that commits to another description hash than the one requested (LUD-06)", server);

    private static string For(long? invoiceMsat) =>
        invoiceMsat is { } msat ? string.Create(CultureInfo.InvariantCulture, $"for {msat} msat") : "without an amount";
}
