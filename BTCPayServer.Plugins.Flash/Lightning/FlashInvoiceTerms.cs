using System.Text;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>How BTCPay's expiry and description become Flash's <c>expiresIn</c> and <c>memo</c>.</summary>
internal static class FlashInvoiceTerms
{
    /// <summary>Flash's <c>Memo</c> limit, in UTF-8 bytes.</summary>
    public const int MaxMemoBytes = 639;

    /// <summary>A year: the largest <c>Minutes</c> the mock accepts; Flash caps receive invoices far lower anyway.</summary>
    public const long MaxExpiresInMinutes = 525_600;

    /// <summary>
    /// Flash's <c>expiresIn</c> is in whole minutes: round up so the invoice lives at least as long as asked, and
    /// never ask for less than one. The invoice's real expiry is read from its BOLT 11, since Flash may cap it.
    /// </summary>
    public static long ExpiresInMinutes(TimeSpan expiry)
    {
        if (expiry <= TimeSpan.Zero)
            return 1;
        return Math.Clamp((long)Math.Ceiling(expiry.TotalMinutes), 1, MaxExpiresInMinutes);
    }

    /// <summary>
    /// The description as a memo, cut to <see cref="MaxMemoBytes"/> on a character boundary: a long item description
    /// should not make checkout fail, and BTCPay does not compare the memo with what it asked for.
    /// </summary>
    public static string? Memo(string? description)
    {
        if (string.IsNullOrEmpty(description))
            return null;
        if (Encoding.UTF8.GetByteCount(description) <= MaxMemoBytes)
            return description;
        var memo = new StringBuilder();
        var bytes = 0;
        foreach (var rune in description.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxMemoBytes)
                break;
            memo.Append(rune.ToString());
        }
        return memo.ToString();
    }
}
