using System.Diagnostics.CodeAnalysis;
using BTCPayServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// What the plugin needs of a BOLT 11 invoice beyond the host's <see cref="BOLT11PaymentRequest"/>: reading it as
/// pasted (white space and a <c>lightning:</c> scheme around it), a payment hash it can rely on, and the invoice's
/// fields in the forms Flash and BTCPay print them.
/// </summary>
internal static class Bolt11PaymentRequests
{
    private const string UriScheme = "lightning:";

    /// <summary>Prefixes by Bitcoin network, the longer first where one starts another (lnbcrt, lntbs).</summary>
    private static readonly (string Prefix, Network Network)[] Prefixes =
        [("lnbcrt", Network.RegTest), ("lntbs", Bitcoin.Instance.Signet), ("lntb", Network.TestNet), ("lnbc", Network.Main)];

    /// <summary>
    /// Reads an invoice for <paramref name="network"/> without checking its signature, as for one Flash has just
    /// issued to this plugin over TLS: its signature proves nothing the plugin relies on.
    /// </summary>
    /// <exception cref="FormatException">The text is not an invoice for the network, or has no payment hash.</exception>
    public static BOLT11PaymentRequest Decode(string text, Network network)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(network);
        var invoice = WithoutScheme(text);
        BOLT11PaymentRequest decoded;
        try
        {
            decoded = BOLT11PaymentRequest.Parse(invoice, network);
        }
        // The host's reader lets a few out-of-range fields (an expiry past the year 9999, say) escape as these.
        catch (Exception e) when (e is ArgumentException and not ArgumentNullException or OverflowException)
        {
            throw new FormatException($"Invalid BOLT 11 invoice: {e.Message}", e);
        }
        return decoded.PaymentHash is null ? throw new FormatException("Invalid BOLT 11 invoice: it has no payment hash ('p').") : decoded;
    }

    /// <summary>Like <see cref="Decode"/> on the network the invoice's prefix names, for a test invoice whatever the store's network.</summary>
    /// <exception cref="FormatException">The text is not an invoice of a known Bitcoin network.</exception>
    public static BOLT11PaymentRequest DecodeOnItsNetwork(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var invoice = WithoutScheme(text);
        foreach (var (prefix, network) in Prefixes)
        {
            if (invoice.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                return Decode(invoice, network);
        }
        throw new FormatException("Invalid BOLT 11 invoice: its prefix names no Bitcoin network.");
    }

    /// <summary>The invoice as pasted, without the white space and <c>lightning:</c> scheme around it.</summary>
    private static string WithoutScheme(string text)
    {
        var invoice = text.Trim();
        return invoice.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase) ? invoice[UriScheme.Length..] : invoice;
    }

    /// <summary>
    /// Reads an invoice from anyone (a payout's, an id BTCPay hands back) and checks its signature against the payee
    /// it names; failure is the reason, not an exception.
    /// </summary>
    public static bool TryDecode(string? text, Network network, [NotNullWhen(true)] out BOLT11PaymentRequest? invoice, [NotNullWhen(false)] out string? error)
    {
        invoice = null;
        if (text is null)
        {
            error = "Invalid BOLT 11 invoice: no text.";
            return false;
        }
        try
        {
            var decoded = Decode(text, network);
            if (!decoded.VerifySignature())
            {
                error = "Invalid BOLT 11 invoice: the signature does not verify against the payee node id ('n').";
                return false;
            }
            invoice = decoded;
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>64 lower-case hex characters in the invoice's order, as BTCPay prints payment hashes.</summary>
    public static string PaymentHashText(this BOLT11PaymentRequest invoice) =>
        (invoice.PaymentHash ?? throw new InvalidOperationException("The invoice has no payment hash; Decode refuses such invoices.")).ToString();

    /// <summary>The `h` field as 64 lower-case hex characters in the invoice's order, or null.</summary>
    public static string? DescriptionHashText(this BOLT11PaymentRequest invoice) => invoice.DescriptionHash?.ToString();

    /// <summary>The amount asked for, or null when the payer chooses it.</summary>
    public static long? AmountMilliSatoshi(this BOLT11PaymentRequest invoice) =>
        invoice.MinimumAmount == LightMoney.Zero ? null : invoice.MinimumAmount.MilliSatoshi;

    /// <summary>From its timestamp to its expiry: how long it is payable.</summary>
    public static TimeSpan Lifetime(this BOLT11PaymentRequest invoice) => invoice.ExpiryDate - invoice.Timestamp;

    /// <summary>The invoice as Flash takes it: lower case, without a scheme (<see cref="Decode"/> removed any).</summary>
    public static string Text(this BOLT11PaymentRequest invoice) => invoice.ToString();
}
