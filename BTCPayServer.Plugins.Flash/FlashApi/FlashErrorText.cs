using BTCPayServer.Plugins.Flash.Auth;
using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// Makes a server's error text fit for an exception message shown in BTCPay: one short line, with every long
/// token-like run (a credential a server might echo, but also a payment request or hash) replaced. Flash tokens,
/// API keys, BOLT 11 invoices and hashes are all long unbroken runs; the sentences around them are kept.
/// </summary>
internal static partial class FlashErrorText
{
    public const int MaxLength = 200;

    private const string Redacted = "(redacted)";

    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Controls, line breaks, direction overrides and zero-width characters all become plain spaces.
        var oneLine = ApiTokenNames.ReplaceInvisible(text, ' ');
        var cleaned = Spaces().Replace(LongRun().Replace(oneLine, Redacted), " ").Trim();
        return cleaned.Length <= MaxLength ? cleaned : string.Concat(cleaned.AsSpan(0, MaxLength - 1), "…");
    }

    // 24 characters is shorter than any Flash credential (flash_ + 43, fk_ + 8 + 64) and longer than the words of an
    // error sentence. A run of letters alone is an identifier (Flash's "LnInvoiceFeeProbeMutation") unless it is as
    // long as a credential's secret part; anything with a digit or a sign in it goes.
    [GeneratedRegex("(?=[A-Za-z0-9_+/=.:-]*[0-9_+/=.:-])[A-Za-z0-9_+/=.:-]{24,}|[A-Za-z]{40,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongRun();

    [GeneratedRegex(" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
