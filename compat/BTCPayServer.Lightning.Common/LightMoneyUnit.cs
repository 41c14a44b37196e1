namespace BTCPayServer.Lightning;

/// <summary>Millisatoshis per unit.</summary>
public enum LightMoneyUnit : ulong
{
    BTC = 100000000000,
    MilliBTC = 100000000,
    Bit = 100000,
    Micro = 100000,
    Satoshi = 1000,
    Nano = 100,
    MilliSatoshi = 1
}
