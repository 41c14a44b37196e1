using Flash.MockServer.Hosting;

namespace Flash.MockServer.Lightning;

/// <summary>The BTC/USD price the mock quotes, and the conversions between sats and cents that follow from it.</summary>
internal sealed class PriceService(MockFlashServerOptions options)
{
    /// <summary>Fixed-point precision of <c>realtimePrice</c> (Flash reports base and offset).</summary>
    public const int Offset = 12;

    private readonly Lock _gate = new();
    private decimal _btcUsd = options.BtcUsdPrice;

    public decimal BtcUsd
    {
        get
        {
            lock (_gate)
                return _btcUsd;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            lock (_gate)
                _btcUsd = value;
        }
    }

    /// <summary>US cents per satoshi.</summary>
    public decimal CentsPerSat => BtcUsd * 100m / 100_000_000m;

    /// <summary>Whole satoshis for an amount of cents, rounded to the nearest satoshi as Flash's provider does.</summary>
    public long CentsToSats(decimal cents) => (long)Math.Round(cents / CentsPerSat, MidpointRounding.AwayFromZero);

    public decimal SatsToCents(decimal sats) => sats * CentsPerSat;

    public long SatPriceBase => (long)Math.Round(CentsPerSat * (decimal)Math.Pow(10, Offset), MidpointRounding.AwayFromZero);
}
