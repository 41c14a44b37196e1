using NBitcoin;

namespace BTCPayServer.Lightning;

public class OnchainBalance
{
    public Money Confirmed { get; set; }
    public Money Unconfirmed { get; set; }
    public Money Reserved { get; set; }
}
