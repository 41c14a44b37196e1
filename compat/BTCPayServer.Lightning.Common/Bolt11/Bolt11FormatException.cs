#nullable enable
namespace BTCPayServer.Lightning.Bolt11;

/// <summary>Why a text is not a valid BOLT 11 invoice.</summary>
internal enum Bolt11Error
{
    Empty,
    TooLong,
    MixedCase,
    MissingSeparator,
    InvalidCharacter,
    InvalidChecksum,
    UnknownPrefix,
    NetworkMismatch,
    InvalidAmount,
    AmountOverflow,
    SubMillisatoshiAmount,
    TooShort,
    TruncatedField,
    InvalidField,
    MissingPaymentHash,
    MissingPaymentSecret,
    InvalidDescription,
    UnknownRequiredFeature,
    InvalidSignature,
    UnrecoverableSignature,
}

/// <summary>
/// A text that is not a valid BOLT 11 invoice. The message names the rule that failed and quotes at most a short
/// prefix of the input, never the whole invoice.
/// </summary>
internal sealed class Bolt11FormatException : FormatException
{
    public Bolt11FormatException(Bolt11Error error, string message, Exception? innerException = null)
        : base("Invalid BOLT 11 invoice: " + message, innerException)
    {
        Error = error;
    }

    public Bolt11Error Error { get; }
}
