using NBitcoin;

namespace BTCPayServer.Lightning;

public class PayDetails
{
    public LightMoney TotalAmount { get; set; }
    public LightMoney FeeAmount { get; set; }
    public LightningPaymentStatus Status { get; set; }
    public uint256 Preimage { get; set; }
    public uint256 PaymentHash { get; set; }
}
