using System.Globalization;
using BTCPayServer.Lightning.Bolt11;

namespace Flash.MockServer.Lightning;

/// <summary>
/// The amount a BOLT 11 invoice of another node asks for, read from its human-readable part alone (<c>ln</c>, the
/// currency, then the amount and its multiplier, before the last <c>1</c>), after a look at the data part's characters
/// and length. The mock never pays such an invoice, so this is all it needs of one: enough to quote a fee.
/// </summary>
internal static class Bolt11HumanReadablePart
{
    private const string UriScheme = "lightning:";
    private const string Bech32Characters = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /// <summary>The fewest data characters an invoice has: timestamp, signature and checksum, with no field at all.</summary>
    private const int MinDataCharacters = Bolt11Layout.TimestampWords + Bolt11Layout.SignatureWords + 6;

    /// <summary>False when the text is not shaped like an invoice; otherwise the amount, null for a no-amount invoice.</summary>
    public static bool TryReadAmount(string paymentRequest, out long? amountMilliSatoshi)
    {
        amountMilliSatoshi = null;
        var text = paymentRequest.Trim();
        if (text.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase))
            text = text[UriScheme.Length..];
        text = text.ToLowerInvariant();
        var separator = text.LastIndexOf('1');
        if (separator < 0 || !text.StartsWith(Bolt11Currency.LightningPrefix, StringComparison.Ordinal))
            return false;
        var data = text.AsSpan(separator + 1);
        if (data.Length < MinDataCharacters || data.ContainsAnyExcept(Bech32Characters))
            return false;
        var rest = text[Bolt11Currency.LightningPrefix.Length..separator];
        var currencyLength = rest.TakeWhile(char.IsAsciiLetterLower).Count();
        if (!Bolt11Currency.TryGetNetwork(rest[..currencyLength], out _))
            return false;
        var amount = rest[currencyLength..];
        if (amount.Length == 0)
            return true;
        char? multiplier = char.IsAsciiLetterLower(amount[^1]) ? amount[^1] : null;
        var digits = multiplier is null ? amount : amount[..^1];
        if (digits.Length is 0 or > 18 || !digits.All(char.IsAsciiDigit) || !Bolt11Amount.TryGetScale(multiplier, out var scale))
            return false;
        var scaled = (UInt128)ulong.Parse(digits, CultureInfo.InvariantCulture) * (ulong)scale.Numerator;
        if (scaled % (ulong)scale.Denominator != 0)
            return false;
        var msat = scaled / (ulong)scale.Denominator;
        if (msat == 0 || msat > long.MaxValue)
            return false;
        amountMilliSatoshi = (long)msat;
        return true;
    }
}
