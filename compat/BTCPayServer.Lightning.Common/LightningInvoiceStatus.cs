namespace BTCPayServer.Lightning;

public enum LightningInvoiceStatus
{
    Unpaid,
    Paid,
    Expired
}
