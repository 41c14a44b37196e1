namespace BTCPayServer.Lightning;

public class LightningNodeBalance
{
    public LightningNodeBalance() { }

    public LightningNodeBalance(OnchainBalance onchain, OffchainBalance offchain)
    {
        OnchainBalance = onchain;
        OffchainBalance = offchain;
    }

    public OnchainBalance OnchainBalance { get; set; }
    public OffchainBalance OffchainBalance { get; set; }
}
