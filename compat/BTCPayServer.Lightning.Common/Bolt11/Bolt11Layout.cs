#nullable enable
namespace BTCPayServer.Lightning.Bolt11;

/// <summary>Tagged-field types of a BOLT 11 data part (the value of the field's first 5-bit word).</summary>
internal enum Bolt11Tag : byte
{
    PaymentHash = 1,
    RouteHint = 3,
    Features = 5,
    Expiry = 6,
    FallbackAddress = 9,
    Description = 13,
    PaymentSecret = 16,
    PayeeNodeId = 19,
    DescriptionHash = 23,
    MinFinalCltvExpiry = 24,
    PaymentMetadata = 27,
}

/// <summary>Sizes, in 5-bit words, of the fixed parts of a BOLT 11 data part.</summary>
internal static class Bolt11Layout
{
    /// <summary>Seconds since 1970, 35 bits.</summary>
    public const int TimestampWords = 7;

    /// <summary>A tagged field starts with its type (1 word) and its data length in words (10 bits).</summary>
    public const int FieldHeaderWords = 3;

    /// <summary>The largest data length a 10-bit length can state.</summary>
    public const int MaxFieldDataWords = 1023;

    /// <summary>`p`, `s` and `h`: 256 bits plus 4 padding bits.</summary>
    public const int Hash256Words = 52;

    /// <summary>`n`: a 33-byte compressed public key plus 1 padding bit.</summary>
    public const int NodeIdWords = 53;

    /// <summary>64-byte R||S and a 1-byte recovery id: 520 bits.</summary>
    public const int SignatureWords = 104;
}
