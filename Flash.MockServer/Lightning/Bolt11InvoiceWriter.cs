using System.Text;
using BTCPayServer.Lightning.Bolt11;
using NBitcoin;

namespace Flash.MockServer.Lightning;

/// <summary>What goes into an invoice the mock issues. Exactly one of <see cref="Description"/> and <see cref="DescriptionHash"/>.</summary>
internal sealed record Bolt11InvoiceRequest
{
    /// <summary>Main, TestNet (or testnet4), signet or RegTest: the prefix `lnbc`, `lntb`, `lntbs` or `lnbcrt`.</summary>
    public required Network Network { get; init; }

    /// <summary>Null for an invoice the payer chooses the amount of.</summary>
    public long? AmountMilliSatoshi { get; init; }

    /// <summary>Whole seconds are written; the sub-second part is dropped.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    public required byte[] PaymentHash { get; init; }

    public required byte[] PaymentSecret { get; init; }

    /// <summary>The `d` field, at most 639 UTF-8 bytes.</summary>
    public string? Description { get; init; }

    /// <summary>The `h` field: SHA-256 of a description kept elsewhere, such as LNURL-pay metadata.</summary>
    public byte[]? DescriptionHash { get; init; }

    /// <summary>The `x` field; null leaves it out, which readers take as 3600 seconds.</summary>
    public long? ExpirySeconds { get; init; }

    /// <summary>The `c` field; null leaves it out, which readers take as 18 blocks.</summary>
    public int? MinFinalCltvExpiry { get; init; } = 18;

    /// <summary>The node key that signs the invoice.</summary>
    public required Key NodeKey { get; init; }

    /// <summary>
    /// Written as the `n` field when set, normally as <c>NodeKey.PubKey</c>; null leaves payers to recover the
    /// payee from the signature. Any other key gives an invoice whose signature fails to verify, for tests.
    /// </summary>
    public PubKey? PayeeNodeId { get; init; }

    /// <summary>
    /// The `9` field's set bits. The default is what LND sets: var_onion_optin and payment_secret required,
    /// basic_mpp optional.
    /// </summary>
    public IReadOnlyCollection<int> FeatureBits { get; init; } = [8, 14, 17];
}

/// <summary>
/// Issues signed BOLT 11 invoices for the mock Flash server. Fields are written in the order the spec's own
/// examples use (s, p, d or h, x, c, n, 9), so the spec's examples are reproduced byte for byte.
/// </summary>
internal static class Bolt11InvoiceWriter
{
    /// <summary>The largest timestamp 35 bits hold.</summary>
    private const long MaxTimestamp = (1L << 35) - 1;

    private const int MaxDescriptionBytes = Bolt11Layout.MaxFieldDataWords * Bech32Words.BitsPerWord / 8;

    public static string Write(Bolt11InvoiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var humanReadablePart = Bolt11Currency.GetPrefix(request.Network)
            + (request.AmountMilliSatoshi is { } amount ? Bolt11Amount.Format(amount) : "");

        var words = new List<byte>(512);
        var timestamp = request.Timestamp.ToUnixTimeSeconds();
        if (timestamp is < 0 or > MaxTimestamp)
            throw new ArgumentOutOfRangeException(nameof(request), request.Timestamp, "The timestamp must fit in 35 bits of seconds since 1970.");
        words.AddRange(Bech32Words.FromUInt64((ulong)timestamp, Bolt11Layout.TimestampWords));

        AddField(words, Bolt11Tag.PaymentSecret, Hash256(request.PaymentSecret, nameof(request.PaymentSecret)));
        AddField(words, Bolt11Tag.PaymentHash, Hash256(request.PaymentHash, nameof(request.PaymentHash)));
        AddDescription(words, request);
        if (request.ExpirySeconds is { } expiry)
            AddField(words, Bolt11Tag.Expiry, NonNegativeNumber(expiry, nameof(request.ExpirySeconds)));
        if (request.MinFinalCltvExpiry is { } cltv)
            AddField(words, Bolt11Tag.MinFinalCltvExpiry, NonNegativeNumber(cltv, nameof(request.MinFinalCltvExpiry)));
        if (request.PayeeNodeId is { } payee)
            AddField(words, Bolt11Tag.PayeeNodeId, Bech32Words.FromBytes(payee.Compress().ToBytes()));
        var features = Bolt11Features.ToWords(request.FeatureBits);
        if (features.Length > 0)
            AddField(words, Bolt11Tag.Features, features);

        var hash = Bolt11Signature.MessageHash(humanReadablePart, words.ToArray());
        // Plain RFC 6979 nonces (no low-R grinding), as the spec's examples were signed.
        words.AddRange(Bolt11Signature.ToWords(request.NodeKey.SignCompact(hash, forceLowR: false)));
        return Bech32Words.Encode(humanReadablePart, words.ToArray());
    }

    private static void AddDescription(List<byte> words, Bolt11InvoiceRequest request)
    {
        switch (request.Description, request.DescriptionHash)
        {
            case ({ } description, null):
                var bytes = Encoding.UTF8.GetBytes(description);
                if (bytes.Length > MaxDescriptionBytes)
                    throw new ArgumentException($"A description ('d') holds at most {MaxDescriptionBytes} UTF-8 bytes; use a description hash.", nameof(request));
                AddField(words, Bolt11Tag.Description, Bech32Words.FromBytes(bytes));
                break;
            case (null, { } descriptionHash):
                AddField(words, Bolt11Tag.DescriptionHash, Hash256(descriptionHash, nameof(request.DescriptionHash)));
                break;
            default:
                throw new ArgumentException("An invoice has exactly one of a description and a description hash.", nameof(request));
        }
    }

    private static byte[] Hash256(byte[] value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value.Length == 32
            ? Bech32Words.FromBytes(value)
            : throw new ArgumentException($"{name} must be 32 bytes, not {value.Length}.", name);
    }

    private static byte[] NonNegativeNumber(long value, string name) =>
        value >= 0
            ? Bech32Words.FromUInt64Minimal((ulong)value)
            : throw new ArgumentOutOfRangeException(name, value, "Must not be negative.");

    private static void AddField(List<byte> words, Bolt11Tag tag, byte[] data)
    {
        words.Add((byte)tag);
        words.AddRange(Bech32Words.FromUInt64((ulong)data.Length, 2));
        words.AddRange(data);
    }
}
