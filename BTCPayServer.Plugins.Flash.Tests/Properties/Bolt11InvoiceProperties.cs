using BTCPayServer.Lightning.Bolt11;
using BTCPayServer.Plugins.Flash.Lightning;
using CsCheck;
using Flash.MockServer.Lightning;
using NBitcoin;
using NBitcoin.DataEncoders;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// The BOLT 11 decoder against generated invoices: every text is an invoice or a <see cref="Bolt11FormatException"/>
/// (also when the signature is checked late), no error quotes a secret it was given, and every invoice the mock's
/// writer signs reads back field for field.
/// </summary>
public sealed class Bolt11InvoiceProperties(ITestOutputHelper output)
{
    private static readonly (Network Network, string Prefix)[] Networks =
        [(Network.Main, "lnbc"), (Network.TestNet, "lntb"), (Bitcoin.Instance.Signet, "lntbs"), (Network.RegTest, "lnbcrt")];

    private const string Bech32Characters = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /// <summary>Feature bits the decoder accepts: the compulsory ones BOLT 9 defines for invoices, and any optional one.</summary>
    private static readonly Gen<int[]> FeatureBits =
        Gen.Frequency((3, Gen.OneOf(8, 14, 16, 24, 36, 48)), (4, Gen.Int[0, 149].Select(n => (2 * n) + 1)))
            .Array[0, 6].Select(bits => bits.Distinct().Order().ToArray());

    /// <summary>Text of any Unicode scalar values, up to 639 UTF-8 bytes (what a `d` field holds).</summary>
    private static readonly Gen<string> Description = Gen.Frequency(
            (3, Gen.Int[0x20, 0x7e]),
            (1, Gen.Int[0, 0xd7ff]),
            (1, Gen.Int[0xe000, 0x10ffff]))
        .Array[0, 150].Select(points => string.Concat(points.Select(char.ConvertFromUtf32)));

    /// <summary>A private key in range: the top bit cleared keeps it below the curve order, the low bit keeps it non-zero.</summary>
    private static readonly Gen<Key> NodeKey = Gen.Byte.Array[32].Select(bytes =>
    {
        bytes[0] &= 0x7f;
        bytes[31] |= 1;
        return new Key(bytes);
    });

    private static readonly Gen<Bolt11InvoiceRequest> Request =
        from network in Gen.OneOf(Networks)
        from amount in Gen.Frequency(
            (3, Gen.Long[1, 10_000_000_000]), (1, Gen.Long[1, long.MaxValue]),
            (1, Gen.OneOf(1L, 10, 100, 100_000, 100_000_000, 100_000_000_000, 2_100_000_000_000_000_000, long.MaxValue))).Nullable()
        from timestamp in Gen.Frequency((4, Gen.Long[0, (1L << 35) - 1]), (1, Gen.OneOf(0L, 1, 1_767_225_600, (1L << 35) - 1)))
        from hashes in Gen.Byte.Array[32].Array[3]
        from description in Description.Null(0.2)
        from expiry in Gen.Frequency((3, Gen.Long[0, 86_400]), (1, Gen.Long[0, 1_000_000_000]), (1, Gen.OneOf(0L, 1, 31, 32, 3600))).Nullable()
        from cltv in Gen.Frequency((3, Gen.Int[0, 2016]), (1, Gen.Int[0, int.MaxValue]), (1, Gen.OneOf(0, 1, 18, 31, 32, int.MaxValue))).Nullable()
        from key in NodeKey
        from explicitPayee in Gen.Bool
        from features in FeatureBits
        select new Bolt11InvoiceRequest
        {
            Network = network.Network,
            AmountMilliSatoshi = amount,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(timestamp),
            PaymentHash = hashes[0],
            PaymentSecret = hashes[1],
            Description = description,
            DescriptionHash = description is null ? hashes[2] : null,
            ExpirySeconds = expiry,
            MinFinalCltvExpiry = cltv,
            NodeKey = key,
            PayeeNodeId = explicitPayee ? key.PubKey : null,
            FeatureBits = features,
        };

    private static readonly Gen<string> Invoice = Request.Select(Bolt11InvoiceWriter.Write);

    /// <summary>
    /// Human-readable parts a decoder must take apart: every prefix with good and bad amounts, unknown currencies,
    /// and random letters.
    /// </summary>
    private static readonly Gen<string> HumanReadablePart = Gen.OneOf(
        Gen.Select(Gen.OneOf("lnbc", "lntb", "lntbs", "lnbcrt", "lnsb", "lnxy", "ln", "bc", "lnbcrtx"),
            Gen.OneOf("", "1", "2500u", "20m", "10n", "15p", "0", "1p", "9u9", "u", "99999999999999999999999", "184467440737095516150p", "x"),
            (prefix, amount) => prefix + amount),
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 16]);

    /// <summary>
    /// A signed invoice whose data words are edited (changed, cut, added, doubled) under a possibly different
    /// human-readable part, with the bech32 checksum made valid again, so the text gets past the checksum and
    /// reaches the field reader and the signature check.
    /// </summary>
    private static readonly Gen<string> Reencoded =
        from invoice in Invoice
        from keepPrefix in Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))
        from otherPrefix in HumanReadablePart
        from edits in Gen.Select(Gen.Int[0, 4], Gen.Double.Unit, Gen.Int[1, 40], Gen.Byte[0, 31].Array[1, 40]).Array[0, 3]
        select Reencode(invoice, keepPrefix ? null : otherPrefix, edits);

    private static readonly Gen<string> RandomWords =
        from prefix in HumanReadablePart
        from words in Gen.Byte[0, 31].Array[0, 400]
        select Checksummed(prefix, words);

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (1, Gen.String),
        (1, Gen.Select(HumanReadablePart, Gen.String[Gen.Char[Bech32Characters + "1bio"], 0, 200], (prefix, data) => prefix + "1" + data)),
        (3, TextMutations.Of(Invoice)),
        (4, Reencoded),
        (2, RandomWords),
        (1, Invoice));

    private static readonly Gen<Network?> ExpectedNetwork = Gen.OneOf(Networks.Select(n => n.Network).ToArray()).Null(0.5);

    [Fact]
    public void Every_text_is_an_invoice_or_a_Bolt11FormatException_however_late_the_signature_is_checked()
    {
        var input = Gen.Select(AnyText, ExpectedNetwork, Gen.Enum<Bolt11SignatureCheck>());
        new PropertyRun(output, "BOLT 11 decoder, any text", 4_000).Check(input, test =>
        {
            var (text, network, check) = test;
            Bolt11Invoice invoice;
            try
            {
                invoice = Bolt11Invoice.Parse(text, network, check);
                _ = invoice.PayeeNodeId;
            }
            catch (Bolt11FormatException e)
            {
                if (check == Bolt11SignatureCheck.Immediate)
                    Assert.Equal((false, e.Message), (Bolt11Invoice.TryParse(text, network, out _, out var error), error));
                return $"{nameof(Bolt11FormatException)} ({e.Error})";
            }

            Assert.True(Bolt11Invoice.TryParse(text, network, out _, out var unexpected) || check == Bolt11SignatureCheck.Deferred, unexpected);
            Assert.True(invoice.Description is null != invoice.DescriptionHash is null);
            Assert.Equal(64, invoice.PaymentHash.Length);
            Assert.Equal(invoice.PaymentHash, invoice.PaymentHashValue.ToString());
            Assert.True(invoice.ExpiresAt >= invoice.Timestamp);
            // What the plugin reads through the host's BOLT11PaymentRequest accepts every invoice the decoder does.
            if (network is not null && check == Bolt11SignatureCheck.Immediate)
            {
                Assert.True(Bolt11PaymentRequests.TryDecode(text, network, out var request, out var refused), refused);
                Assert.Equal((invoice.PaymentHash, invoice.AmountMilliSatoshi ?? 0, invoice.ExpiresAt),
                    (request.PaymentHashText(), request.MinimumAmount.MilliSatoshi, request.ExpiryDate));
            }
            return "invoice";
        }, print: test => $"{test.Item2?.Name ?? "any network"}, {test.Item3}: {PropertyRun.Escape(test.Item1)}");
    }

    [Fact]
    public void No_error_quotes_a_secret_found_in_the_text()
    {
        var embedded =
            from secret in Secrets.Any
            from invoice in Invoice
            from cased in Gen.OneOf<Func<string, string>>(s => s, s => s.ToLowerInvariant(), s => s.ToUpperInvariant())
            from place in Gen.Int[0, 6]
            from at in Gen.Double.Unit
            let text = place switch
            {
                0 => cased(secret),
                1 => "lightning:" + cased(secret),
                2 => cased("ln" + secret + "1" + invoice[(invoice.LastIndexOf('1') + 1)..]),
                3 => Reencode(invoice, "ln" + secret.ToLowerInvariant(), []),
                4 => Reencode(invoice, "lnbc" + secret.ToLowerInvariant(), []),
                5 => cased(invoice.Insert((int)(at * invoice.Length), secret)),
                _ => cased(secret + invoice),
            }
            select (Secret: secret, Text: text);

        new PropertyRun(output, "BOLT 11 decoder, secrets", 1_500).Check(embedded, test =>
        {
            var failure = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(test.Text));

            Secrets.AssertNotIn(test.Secret, failure);
            return failure.Error.ToString();
        }, print: test => PropertyRun.Escape(test.Text));
    }

    [Fact]
    public void Every_invoice_the_mock_signs_reads_back_field_for_field()
    {
        var pasted =
            from request in Request
            from form in Gen.Int[0, 3]
            let text = Bolt11InvoiceWriter.Write(request)
            select (Request: request, Text: text, Pasted: form switch
            {
                0 => text,
                1 => "lightning:" + text,
                2 => "LIGHTNING:" + text.ToUpperInvariant(),
                _ => $" {text}\n",
            });

        new PropertyRun(output, "BOLT 11 decoder, round trip", 600).Check(pasted, test =>
        {
            var request = test.Request;
            var invoice = Bolt11Invoice.Parse(test.Pasted, request.Network);

            Assert.Equal(test.Text, invoice.Text);
            Assert.Equal(test.Text, invoice.ToString());
            Assert.Equal(Networks.Single(n => n.Network == request.Network).Prefix, invoice.Prefix);
            Assert.Same(request.Network, invoice.Network);
            Assert.Equal(request.AmountMilliSatoshi, invoice.AmountMilliSatoshi);
            Assert.Equal(request.Timestamp, invoice.Timestamp);
            Assert.Equal(request.ExpirySeconds is { } expiry ? TimeSpan.FromSeconds(expiry) : Bolt11Invoice.DefaultExpiry, invoice.Expiry);
            Assert.Equal(Convert.ToHexStringLower(request.PaymentHash), invoice.PaymentHash);
            Assert.Equal(Convert.ToHexStringLower(request.PaymentSecret), invoice.PaymentSecret);
            Assert.Equal(request.Description, invoice.Description);
            Assert.Equal(request.DescriptionHash is { } hash ? Convert.ToHexStringLower(hash) : null, invoice.DescriptionHash);
            if (request.Description is { } description)
                Assert.True(invoice.MatchesDescription(description));
            Assert.Equal(request.MinFinalCltvExpiry ?? Bolt11Invoice.DefaultMinFinalCltvExpiry, invoice.MinFinalCltvExpiry);
            Assert.Equal(request.NodeKey.PubKey, invoice.PayeeNodeId);
            Assert.Equal(request.PayeeNodeId is not null, invoice.HasExplicitPayeeNodeId);
            Assert.Equal(request.FeatureBits, invoice.FeatureBits);
            Assert.Null(invoice.PaymentMetadata);

            var host = Bolt11PaymentRequests.Decode(test.Pasted, request.Network);
            Assert.Equal(test.Text, host.Text());
            Assert.Equal(request.AmountMilliSatoshi, host.AmountMilliSatoshi());
            Assert.Equal(Convert.ToHexStringLower(request.PaymentHash), host.PaymentHashText());
            Assert.Equal(request.DescriptionHash is { } hostHash ? Convert.ToHexStringLower(hostHash) : null, host.DescriptionHashText());
            Assert.Equal(request.Timestamp, host.Timestamp);
            Assert.Equal(invoice.ExpiresAt, host.ExpiryDate);
            Assert.True(host.VerifySignature());
            return $"{invoice.Prefix}, {(invoice.AmountMilliSatoshi is null ? "no amount" : "amount")}, {(invoice.HasExplicitPayeeNodeId ? "n" : "recovered payee")}";
        }, print: test => test.Pasted);
    }

    private static string Reencode(string invoice, string? humanReadablePart, (int Kind, double Position, int Length, byte[] Words)[] edits)
    {
        var separator = invoice.LastIndexOf('1');
        var encoder = Encoders.Bech32(invoice[..separator]);
        encoder.StrictLength = false;
        var words = encoder.DecodeDataRaw(invoice, out _).ToList();
        foreach (var (kind, position, length, inserted) in edits)
        {
            var at = (int)(position * words.Count);
            var span = Math.Min(length, words.Count - at);
            switch (kind)
            {
                case 0 when at < words.Count:
                    words[at] = inserted[0];
                    break;
                case 1:
                    words.InsertRange(at, inserted);
                    break;
                case 2:
                    words.RemoveRange(at, span);
                    break;
                case 3:
                    words.RemoveRange(at, words.Count - at);
                    break;
                default:
                    words.InsertRange(at, words.GetRange(at, span));
                    break;
            }
        }
        return Checksummed(humanReadablePart ?? invoice[..separator], [.. words]);
    }

    private static string Checksummed(string humanReadablePart, byte[] words)
    {
        var encoder = Encoders.Bech32(humanReadablePart);
        encoder.StrictLength = false;
        return encoder.EncodeRaw(words, Bech32EncodingType.BECH32);
    }
}
