namespace BTCPayServer.Client.Models
{
    // BTCPayServer.Client/Models/InvoiceData.cs at 03345c2: an invoice's status, by value.
    public enum InvoiceStatus
    {
        New,
        Processing,
        Expired,
        Invalid,
        Settled
    }
}
