using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Conversions between what BTCPay asks for (millisatoshi) and what Flash takes and reports: whole satoshis for BTC
/// wallets, US cents for USD wallets. Checkout invoice amounts round up, so an invoice never asks for less than BTCPay
/// did; LNURL-pay amounts are exact or refused; balances round down, so a balance is never overstated.
/// </summary>
internal static class FlashAmounts
{
    private const long MilliSatoshisPerSatoshi = 1000;

    // Hundredths of a cent: fine enough that Flash's rounding to whole satoshis lands on the satoshi asked for at
    // any realistic price, coarse enough to be an ordinary FractionalCentAmount.
    private const decimal CentStep = 0.01m;

    // Above the asked amount an invoice may differ by Flash's rounding to whole satoshis plus a price that moved
    // since it was cached; more than this is a mispriced invoice a customer should not be shown.
    private const decimal UsdTolerance = 0.01m;

    /// <summary>The whole satoshis that cover <paramref name="milliSatoshi"/>.</summary>
    public static long SatoshisCovering(long milliSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliSatoshi);
        return (milliSatoshi + MilliSatoshisPerSatoshi - 1) / MilliSatoshisPerSatoshi;
    }

    /// <summary>
    /// The satoshis that are exactly <paramref name="milliSatoshi"/>, or null when it lies between two: every Flash
    /// invoice, from a BTC or a USD wallet, is for whole satoshis.
    /// </summary>
    public static long? ExactSatoshis(long milliSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(milliSatoshi);
        return milliSatoshi % MilliSatoshisPerSatoshi == 0 ? milliSatoshi / MilliSatoshisPerSatoshi : null;
    }

    /// <summary>
    /// US cents per satoshi from Flash's fixed-point price (<c>base / 10^offset</c>), or null when the price is
    /// missing or not a positive number.
    /// </summary>
    public static decimal? CentsPerSatoshi(PriceOfOneSatInMinorUnit? price)
    {
        if (price is not { Base: > 0, Offset: >= 0 and <= 28 })
            return null;
        return price.Base * new decimal(1, 0, 0, isNegative: false, scale: (byte)price.Offset);
    }

    /// <summary>The cents to ask Flash for so that its invoice is worth at least <paramref name="satoshis"/>.</summary>
    public static decimal CentsCovering(long satoshis, decimal centsPerSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(centsPerSatoshi);
        var cents = Math.Ceiling(satoshis * centsPerSatoshi / CentStep) * CentStep;
        return Math.Max(cents, CentStep);
    }

    /// <summary>
    /// The cents worth exactly <paramref name="satoshis"/> at <paramref name="centsPerSatoshi"/>, unrounded (Flash takes
    /// fractional cents). Flash rounds cents to the nearest whole satoshi, so this lands on the satoshis wanted with
    /// half a satoshi of room either way, where <see cref="CentsCovering"/> may overshoot by a satoshi at low prices.
    /// </summary>
    public static decimal CentsWorth(long satoshis, decimal centsPerSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(satoshis);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(centsPerSatoshi);
        return satoshis * centsPerSatoshi;
    }

    /// <summary>A cent balance as millisatoshi at <paramref name="centsPerSatoshi"/>, rounded down.</summary>
    public static LightMoney FromCents(decimal cents, decimal centsPerSatoshi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(centsPerSatoshi);
        return LightMoney.MilliSatoshis((long)Math.Floor(cents * MilliSatoshisPerSatoshi / centsPerSatoshi));
    }

    /// <summary>A satoshi balance (Flash may report fractions) as millisatoshi, rounded down.</summary>
    public static LightMoney FromSatoshis(decimal satoshis) =>
        LightMoney.MilliSatoshis((long)Math.Floor(satoshis * MilliSatoshisPerSatoshi));

    /// <summary>The most a USD-priced invoice may ask for when BTCPay asked for <paramref name="requestedMsat"/>.</summary>
    public static long MaxUsdInvoiceMsat(long requestedMsat) =>
        requestedMsat + (long)Math.Ceiling(requestedMsat * UsdTolerance) + MilliSatoshisPerSatoshi;
}
