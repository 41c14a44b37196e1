#nullable enable
using System.Globalization;
using System.Text;
using NBitcoin;
using NBitcoin.Crypto;
using NBitcoin.DataEncoders;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// Reads a BOLT 11 invoice following the reader requirements of lightning/bolts 11-payment-encoding.md: bech32
/// without the 90-character limit, then the human-readable part, the tagged fields and the signature.
/// </summary>
/// <remarks>
/// One deliberate choice where the spec disagrees with itself: since 2025 its reader rules say to fail on a `p`,
/// `h`, `s` or `n` field of the wrong length, while its example "including fields which must be ignored" (still
/// listed as valid) expects such fields to be skipped. Skipping is what the example and every earlier revision ask,
/// and it cannot make a good invoice fail, so a field of the wrong length is skipped here.
/// </remarks>
internal static class Bolt11InvoiceParser
{
    /// <summary>LND's limit; the BOLT 11 length is otherwise unbounded, and this keeps work per input bounded.</summary>
    public const int MaxLength = 7089;

    private const string UriScheme = "lightning:";
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private const int QuotedPrefixLength = 12;

    /// <summary>Compulsory (even) feature bits BOLT 9 defines for invoices; an invoice requiring another is refused.</summary>
    private static readonly int[] KnownCompulsoryFeatures = [8, 14, 16, 24, 36, 48];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Bolt11Invoice Parse(string text, Network? expectedNetwork, Bolt11SignatureCheck signatureCheck)
    {
        ArgumentNullException.ThrowIfNull(text);
        var invoice = text.Trim();
        if (invoice.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase))
            invoice = invoice[UriScheme.Length..];

        var (humanReadablePart, words) = DecodeBech32(invoice);
        var (prefix, currency, amount) = ReadHumanReadablePart(humanReadablePart);
        Bolt11Currency.TryGetNetwork(currency, out var network);
        if (expectedNetwork is not null)
        {
            if (!Bolt11Currency.IsFor(currency, expectedNetwork))
                throw Fail(Bolt11Error.NetworkMismatch, $"the invoice is for '{prefix}', not for {expectedNetwork.Name}.");
            network = expectedNetwork;
        }

        if (words.Length < Bolt11Layout.TimestampWords + Bolt11Layout.SignatureWords)
            throw Fail(Bolt11Error.TooShort, "the data part is too short to hold a timestamp and a signature.");
        var signed = words.AsSpan(0, words.Length - Bolt11Layout.SignatureWords);
        var timestamp = DateTimeOffset.FromUnixTimeSeconds((long)Bech32Words.ToUInt64(signed[..Bolt11Layout.TimestampWords]));
        var fields = TaggedFields.Read(signed[Bolt11Layout.TimestampWords..]);

        var paymentHash = fields.PaymentHash ?? throw Fail(Bolt11Error.MissingPaymentHash, "it has no payment hash ('p').");
        var paymentSecret = fields.PaymentSecret ?? throw Fail(Bolt11Error.MissingPaymentSecret, "it has no payment secret ('s').");
        if ((fields.Description is null) == (fields.DescriptionHash is null))
        {
            throw Fail(Bolt11Error.InvalidDescription, fields.Description is null
                ? "it has neither a description ('d') nor a description hash ('h')."
                : "it has both a description ('d') and a description hash ('h').");
        }
        var features = fields.FeatureBits ?? [];
        var unknownCompulsory = features.Where(bit => bit % 2 == 0 && !KnownCompulsoryFeatures.Contains(bit)).ToArray();
        if (unknownCompulsory.Length > 0)
            throw Fail(Bolt11Error.UnknownRequiredFeature, $"it requires unknown feature bit {unknownCompulsory[0]}.");
        var expiry = ToExpiry(timestamp, fields.ExpirySeconds);

        var lowered = invoice.ToLowerInvariant();
        // A deferred check parses the text again when first asked, rather than keeping the decoded words and fields
        // alive with the invoice: the plugin keeps thousands of its own invoices, whose payee it never asks for.
        var payee = signatureCheck == Bolt11SignatureCheck.Immediate
            ? new Lazy<PubKey>(VerifySignature(humanReadablePart, words, fields.PayeeNodeId))
            : new Lazy<PubKey>(() => Parse(lowered, expectedNetwork, Bolt11SignatureCheck.Immediate).PayeeNodeId);

        return new Bolt11Invoice
        {
            Text = lowered,
            HumanReadablePart = humanReadablePart,
            Prefix = prefix,
            Network = network,
            AmountMilliSatoshi = amount,
            Timestamp = timestamp,
            Expiry = expiry,
            PaymentHash = Convert.ToHexStringLower(paymentHash),
            PaymentSecret = Convert.ToHexStringLower(paymentSecret),
            Description = fields.Description,
            DescriptionHash = fields.DescriptionHash is null ? null : Convert.ToHexStringLower(fields.DescriptionHash),
            MinFinalCltvExpiry = fields.MinFinalCltvExpiry ?? Bolt11Invoice.DefaultMinFinalCltvExpiry,
            PayeeNodeIdSource = payee,
            HasExplicitPayeeNodeId = fields.PayeeNodeId is not null,
            FeatureBits = features,
            PaymentMetadata = fields.PaymentMetadata is null ? null : Convert.ToHexStringLower(fields.PaymentMetadata),
        };
    }

    /// <summary>BIP 173 without its length limit: one case, a separator, the bech32 alphabet, a valid checksum.</summary>
    private static (string HumanReadablePart, byte[] Words) DecodeBech32(string text)
    {
        if (text.Length == 0)
            throw Fail(Bolt11Error.Empty, "the text is empty.");
        if (text.Length > MaxLength)
            throw Fail(Bolt11Error.TooLong, $"it is longer than {MaxLength} characters.");
        if (text.Any(c => c is < '!' or > '~'))
            throw Fail(Bolt11Error.InvalidCharacter, "it contains a character outside printable ASCII.");
        if (text.Any(char.IsAsciiLetterUpper) && text.Any(char.IsAsciiLetterLower))
            throw Fail(Bolt11Error.MixedCase, "it mixes upper and lower case.");

        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1)
            throw Fail(Bolt11Error.MissingSeparator, "it has no human-readable part before a '1' separator.");
        if (lower.Length - separator - 1 < ChecksumLength)
            throw Fail(Bolt11Error.TooShort, "the data part is shorter than a checksum.");
        if (lower.AsSpan(separator + 1).ContainsAnyExcept(Charset))
            throw Fail(Bolt11Error.InvalidCharacter, "the data part contains a character outside the bech32 alphabet.");

        var humanReadablePart = lower[..separator];
        var encoder = Encoders.Bech32(humanReadablePart);
        encoder.StrictLength = false;
        byte[] words;
        Bech32EncodingType encoding;
        try
        {
            words = encoder.DecodeDataRaw(lower, out encoding);
        }
        catch (FormatException e)
        {
            throw Fail(Bolt11Error.InvalidChecksum, "the bech32 checksum does not match.", e);
        }
        if (encoding != Bech32EncodingType.BECH32)
            throw Fail(Bolt11Error.InvalidChecksum, "it has a bech32m checksum; BOLT 11 uses bech32.");
        return (humanReadablePart, words);
    }

    /// <summary>`ln`, a known currency, then an optional amount: digits and an optional multiplier letter.</summary>
    private static (string Prefix, string Currency, long? AmountMilliSatoshi) ReadHumanReadablePart(string humanReadablePart)
    {
        if (!humanReadablePart.StartsWith(Bolt11Currency.LightningPrefix, StringComparison.Ordinal))
            throw Fail(Bolt11Error.UnknownPrefix, $"the prefix '{Quote(humanReadablePart)}' does not start with 'ln'.");
        var amountStart = humanReadablePart.AsSpan().IndexOfAnyInRange('0', '9');
        if (amountStart < 0)
            amountStart = humanReadablePart.Length;
        var prefix = humanReadablePart[..amountStart];
        var currency = prefix[Bolt11Currency.LightningPrefix.Length..];
        if (!Bolt11Currency.TryGetNetwork(currency, out _))
            throw Fail(Bolt11Error.UnknownPrefix, $"the prefix '{Quote(prefix)}' names no known currency.");
        return (prefix, currency, ReadAmount(humanReadablePart.AsSpan(amountStart)));
    }

    private static long? ReadAmount(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return null;
        char? multiplier = char.IsAsciiDigit(text[^1]) ? null : text[^1];
        var digits = multiplier is null ? text : text[..^1];
        if (!Bolt11Amount.TryGetScale(multiplier, out var scale))
            throw Fail(Bolt11Error.InvalidAmount, $"the amount multiplier '{multiplier}' is not one of m, u, n, p.");
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
            throw Fail(Bolt11Error.InvalidAmount, "the amount is not a decimal number.");
        // A `p` amount has ten times the units of its millisatoshi, so a long is too narrow for the largest ones.
        if (!UInt128.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var units))
            throw Fail(Bolt11Error.AmountOverflow, "the amount is too large.");
        if (units % (ulong)scale.Denominator != 0)
            throw Fail(Bolt11Error.SubMillisatoshiAmount, "a pico-bitcoin amount must end in 0 (whole millisatoshi).");
        var milliSatoshi = units / (ulong)scale.Denominator;
        if (milliSatoshi > (ulong)(long.MaxValue / scale.Numerator))
            throw Fail(Bolt11Error.AmountOverflow, "the amount is too large.");
        return (long)milliSatoshi * scale.Numerator;
    }

    private static TimeSpan ToExpiry(DateTimeOffset timestamp, ulong? seconds)
    {
        if (seconds is null)
            return Bolt11Invoice.DefaultExpiry;
        var representable = (ulong)(DateTimeOffset.MaxValue.UtcTicks - timestamp.UtcTicks) / TimeSpan.TicksPerSecond;
        if (seconds > representable)
            throw Fail(Bolt11Error.InvalidField, "the expiry ('x') is too large.");
        return TimeSpan.FromSeconds((long)seconds.Value);
    }

    /// <summary>
    /// With an `n` field the signature must verify against it and be low-S; without one the payee is the key the
    /// signature recovers to, high-S accepted, as the spec requires.
    /// </summary>
    private static PubKey VerifySignature(string humanReadablePart, byte[] words, PubKey? explicitPayee)
    {
        var signatureStart = words.Length - Bolt11Layout.SignatureWords;
        var hash = Bolt11Signature.MessageHash(humanReadablePart, words.AsSpan(0, signatureStart));
        var (rs, recoveryId) = Bolt11Signature.FromWords(words.AsSpan(signatureStart));

        if (explicitPayee is not null)
        {
            if (!ECDSASignature.TryParseFromCompact(rs, out var signature))
                throw Fail(Bolt11Error.InvalidSignature, "the signature is malformed.");
            if (!signature.IsLowS)
                throw Fail(Bolt11Error.InvalidSignature, "the signature is not low-S, which an invoice with a payee node id ('n') requires.");
            if (!explicitPayee.Verify(hash, signature))
                throw Fail(Bolt11Error.InvalidSignature, "the signature does not verify against the payee node id ('n').");
            return explicitPayee;
        }

        if (recoveryId > 3)
            throw Fail(Bolt11Error.UnrecoverableSignature, $"the signature's recovery id {recoveryId} is not 0 to 3.");
        try
        {
            return PubKey.RecoverCompact(hash, new CompactSignature(recoveryId, rs)).Compress();
        }
        catch (InvalidOperationException e)
        {
            throw Fail(Bolt11Error.UnrecoverableSignature, "no public key can be recovered from the signature.", e);
        }
    }

    /// <summary>The first 12 characters of a piece of input, so that no message repeats a whole invoice.</summary>
    private static string Quote(string text) =>
        text.Length <= QuotedPrefixLength ? text : string.Concat(text.AsSpan(0, QuotedPrefixLength), "…");

    private static Bolt11FormatException Fail(Bolt11Error error, string message, Exception? inner = null) =>
        new(error, message, inner);

    /// <summary>
    /// The tagged fields the reader knows. The first field of each type counts; fields of unknown type, fallback
    /// addresses and route hints are skipped, and so are `p`, `h`, `s` and `n` of the wrong length (see above).
    /// </summary>
    private sealed class TaggedFields
    {
        public byte[]? PaymentHash { get; private set; }
        public byte[]? PaymentSecret { get; private set; }
        public string? Description { get; private set; }
        public byte[]? DescriptionHash { get; private set; }
        public PubKey? PayeeNodeId { get; private set; }
        public ulong? ExpirySeconds { get; private set; }
        public int? MinFinalCltvExpiry { get; private set; }
        public int[]? FeatureBits { get; private set; }
        public byte[]? PaymentMetadata { get; private set; }

        public static TaggedFields Read(ReadOnlySpan<byte> words)
        {
            var fields = new TaggedFields();
            var position = 0;
            while (position < words.Length)
            {
                if (words.Length - position < Bolt11Layout.FieldHeaderWords)
                    throw Fail(Bolt11Error.TruncatedField, "a tagged field is cut short by the signature.");
                var tag = (Bolt11Tag)words[position];
                var length = (words[position + 1] << Bech32Words.BitsPerWord) | words[position + 2];
                position += Bolt11Layout.FieldHeaderWords;
                if (length > words.Length - position)
                    throw Fail(Bolt11Error.TruncatedField, $"tagged field {(int)tag} is longer than the data left before the signature.");
                fields.Add(tag, words.Slice(position, length));
                position += length;
            }
            return fields;
        }

        private void Add(Bolt11Tag tag, ReadOnlySpan<byte> data)
        {
            switch (tag)
            {
                case Bolt11Tag.PaymentHash when PaymentHash is null:
                    PaymentHash = ReadHash256(data);
                    break;
                case Bolt11Tag.PaymentSecret when PaymentSecret is null:
                    PaymentSecret = ReadHash256(data);
                    break;
                case Bolt11Tag.DescriptionHash when DescriptionHash is null:
                    DescriptionHash = ReadHash256(data);
                    break;
                case Bolt11Tag.Description when Description is null:
                    Description = ReadText(data);
                    break;
                case Bolt11Tag.PayeeNodeId when PayeeNodeId is null && data.Length == Bolt11Layout.NodeIdWords:
                    // An `n` that is not a public key is not a valid `n`: the payee is then recovered instead.
                    PubKey.TryCreatePubKey(Bech32Words.ToBytes(data).AsSpan(0, 33), out var nodeId);
                    PayeeNodeId = nodeId;
                    break;
                case Bolt11Tag.Expiry when ExpirySeconds is null:
                    ExpirySeconds = ReadMinimalNumber(data, 'x');
                    break;
                case Bolt11Tag.MinFinalCltvExpiry when MinFinalCltvExpiry is null:
                    var cltv = ReadMinimalNumber(data, 'c');
                    MinFinalCltvExpiry = cltv <= int.MaxValue
                        ? (int)cltv
                        : throw Fail(Bolt11Error.InvalidField, "min_final_cltv_expiry ('c') is too large.");
                    break;
                case Bolt11Tag.Features when FeatureBits is null:
                    RequireMinimal(data, '9');
                    FeatureBits = Bolt11Features.ToBitIndexes(data);
                    break;
                case Bolt11Tag.PaymentMetadata when PaymentMetadata is null:
                    PaymentMetadata = WholeBytes(data);
                    break;
            }
        }

        private static byte[]? ReadHash256(ReadOnlySpan<byte> data) =>
            data.Length == Bolt11Layout.Hash256Words ? Bech32Words.ToBytes(data)[..32] : null;

        private static string ReadText(ReadOnlySpan<byte> data)
        {
            try
            {
                return StrictUtf8.GetString(WholeBytes(data));
            }
            catch (DecoderFallbackException e)
            {
                throw Fail(Bolt11Error.InvalidField, "the description ('d') is not valid UTF-8.", e);
            }
        }

        /// <summary>The bytes a field carries: its bits cut down to whole bytes, dropping the zero padding.</summary>
        private static byte[] WholeBytes(ReadOnlySpan<byte> data) =>
            Bech32Words.ToBytes(data)[..(data.Length * Bech32Words.BitsPerWord / 8)];

        private static ulong ReadMinimalNumber(ReadOnlySpan<byte> data, char field)
        {
            RequireMinimal(data, field);
            return data.Length <= 12
                ? Bech32Words.ToUInt64(data)
                : throw Fail(Bolt11Error.InvalidField, $"field '{field}' holds a number too large to read.");
        }

        /// <summary>The spec asks readers to treat a `c`, `x` or `9` that starts with a zero word as invalid.</summary>
        private static void RequireMinimal(ReadOnlySpan<byte> data, char field)
        {
            if (!data.IsEmpty && data[0] == 0)
                throw Fail(Bolt11Error.InvalidField, $"field '{field}' is not minimally encoded (it starts with a zero word).");
        }
    }
}
