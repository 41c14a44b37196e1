namespace BTCPayServer.Lightning;

public class OffchainBalance
{
    public LightMoney Opening { get; set; }
    public LightMoney Local { get; set; }
    public LightMoney Remote { get; set; }
    public LightMoney Closing { get; set; }
}
