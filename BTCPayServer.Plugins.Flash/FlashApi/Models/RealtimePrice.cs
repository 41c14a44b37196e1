namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>The price Flash quotes now, in minor units of <see cref="DenominatorCurrency"/> (cents for USD).</summary>
public sealed record RealtimePrice
{
    public required string Id { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long Timestamp { get; init; }

    public required string DenominatorCurrency { get; init; }

    public required PriceOfOneSatInMinorUnit BtcSatPrice { get; init; }
}

/// <summary>A fixed-point price: one satoshi costs <c>Base / 10^Offset</c> minor units.</summary>
public sealed record PriceOfOneSatInMinorUnit
{
    public required long Base { get; init; }

    public required int Offset { get; init; }
}
