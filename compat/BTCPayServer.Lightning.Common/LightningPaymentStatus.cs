namespace BTCPayServer.Lightning;

public enum LightningPaymentStatus
{
    Unknown,
    Pending,
    Complete,
    Failed
}
