using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>Flash's <c>InvoicePaymentStatus</c>. Any other value on the wire is an unexpected answer, not a default.</summary>
public enum InvoicePaymentStatus
{
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("PAID")]
    Paid,

    [JsonStringEnumMemberName("EXPIRED")]
    Expired,
}
