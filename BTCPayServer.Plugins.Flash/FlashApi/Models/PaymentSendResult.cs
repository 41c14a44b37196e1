using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>Flash's <c>PaymentSendResult</c>.</summary>
public enum PaymentSendResult
{
    [JsonStringEnumMemberName("SUCCESS")]
    Success,

    [JsonStringEnumMemberName("ALREADY_PAID")]
    AlreadyPaid,

    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("FAILURE")]
    Failure,
}
