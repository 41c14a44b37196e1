#nullable enable
using System.Globalization;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// The amount in a BOLT 11 human-readable part: a decimal number of bitcoin, optionally followed by a multiplier
/// letter (`m` milli, `u` micro, `n` nano, `p` pico). Amounts are carried as millisatoshi: 1 BTC = 10^11 msat,
/// so a `p` amount is a tenth of a millisatoshi per unit and must end in 0.
/// </summary>
internal static class Bolt11Amount
{
    /// <summary>A multiplier as the fraction of a millisatoshi one unit is worth: Numerator / Denominator msat.</summary>
    public readonly record struct Scale(char? Multiplier, long Numerator, long Denominator);

    /// <summary>Largest unit first: the first scale that expresses an amount exactly gives the shortest text.</summary>
    private static readonly Scale[] Scales =
    [
        new(null, 100_000_000_000, 1),
        new('m', 100_000_000, 1),
        new('u', 100_000, 1),
        new('n', 100, 1),
        new('p', 1, 10),
    ];

    public static bool TryGetScale(char? multiplier, out Scale scale)
    {
        scale = Array.Find(Scales, s => s.Multiplier == multiplier);
        return scale.Numerator != 0;
    }

    /// <summary>The shortest exact amount text for a positive number of millisatoshi, e.g. 250000000 → "2500u".</summary>
    public static string Format(long milliSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliSatoshi);
        foreach (var scale in Scales)
        {
            var scaled = (UInt128)milliSatoshi * (ulong)scale.Denominator;
            if (scaled % (ulong)scale.Numerator == 0)
                return (scaled / (ulong)scale.Numerator).ToString(CultureInfo.InvariantCulture) + scale.Multiplier;
        }
        throw new InvalidOperationException("The pico scale expresses every whole number of millisatoshi.");
    }
}
