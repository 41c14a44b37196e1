using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>
/// Compile-time JSON metadata for Flash's models. Missing required fields, nulls where the schema says non-null
/// and unknown enum values all fail deserialisation, which <see cref="FlashApiClient"/> reports as an unexpected answer.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Globals))]
[JsonSerializable(typeof(RealtimePrice))]
[JsonSerializable(typeof(LnInvoicePayload))]
[JsonSerializable(typeof(LnInvoicePaymentStatusPayload))]
[JsonSerializable(typeof(PaymentSendPayload))]
[JsonSerializable(typeof(AmountPayload))]
[JsonSerializable(typeof(CashWalletCutover))]
[JsonSerializable(typeof(InputVariables<FeeProbeInput>))]
[JsonSerializable(typeof(InputVariables<LnInvoiceCreateInput>))]
[JsonSerializable(typeof(InputVariables<LnUsdInvoiceCreateInput>))]
[JsonSerializable(typeof(InputVariables<LnInvoiceCreateOnBehalfOfRecipientInput>))]
[JsonSerializable(typeof(InputVariables<LnUsdInvoiceCreateOnBehalfOfRecipientInput>))]
[JsonSerializable(typeof(InputVariables<LnInvoicePaymentInput>))]
[JsonSerializable(typeof(InputVariables<LnInvoicePaymentStatusInput>))]
[JsonSerializable(typeof(RealtimePriceVariables))]
internal sealed partial class FlashApiJsonContext : JsonSerializerContext;
