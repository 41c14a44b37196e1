using BTCPayServer.Lightning.Bolt11;
using Flash.MockServer.Lightning;
using NBitcoin;
using NBitcoin.DataEncoders;

namespace BTCPayServer.Plugins.Flash.Tests.Compat.Bolt11;

/// <summary>
/// Malformed invoices built from the spec's examples: the data words are edited and the bech32 checksum made valid
/// again (with NBitcoin's encoder), so each test reaches the rule it is about.
/// </summary>
public class Bolt11InvoiceParserTests
{
    /// <summary>Where the donation example's `p` and `d` fields start: after the timestamp and the 55-word `s`.</summary>
    private const int DonationPaymentHashTag = 62;
    private const int DonationDescriptionTag = 117;
    private const int TimestampWords = 7;
    private const int SignatureWords = 104;

    private static string Reason(string text) => Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text)).Error.ToString();

    private static List<byte> WordsOf(string invoice)
    {
        var encoder = Encoders.Bech32(invoice[..invoice.LastIndexOf('1')]);
        encoder.StrictLength = false;
        return [.. encoder.DecodeDataRaw(invoice, out _)];
    }

    private static string Checksummed(string humanReadablePart, IEnumerable<byte> words, Bech32EncodingType? encoding = null)
    {
        var encoder = Encoders.Bech32(humanReadablePart);
        encoder.StrictLength = false;
        return encoder.EncodeRaw([.. words], encoding ?? Bech32EncodingType.BECH32);
    }

    /// <summary>The coffee example (amount 2500u, no `n`) under another human-readable part.</summary>
    private static string CoffeeAs(string humanReadablePart) => Checksummed(humanReadablePart, WordsOf(SpecVectors.Coffee));

    private static string DonationWithFieldAfterTimestamp(params byte[] field)
    {
        var words = WordsOf(SpecVectors.Donation);
        words.InsertRange(TimestampWords, field);
        return Checksummed("lnbc", words);
    }

    private static string DonationWithFieldBeforeSignature(params byte[] field)
    {
        var words = WordsOf(SpecVectors.Donation);
        words.InsertRange(words.Count - SignatureWords, field);
        return Checksummed("lnbc", words);
    }

    private static string DonationWithTagChanged(int position, byte expectedTag)
    {
        var words = WordsOf(SpecVectors.Donation);
        Assert.Equal(expectedTag, words[position]);
        words[position] = 2; // a type no spec defines, so the field is skipped
        return Checksummed("lnbc", words);
    }

    [Fact]
    public void Lightning_scheme_and_surrounding_white_space_are_accepted()
    {
        Assert.Equal(SpecVectors.Coffee, Bolt11Invoice.Parse("  lightning:" + SpecVectors.Coffee + "\n").Text);
        Assert.Equal(SpecVectors.CoffeeBeansWithFeatures, Bolt11Invoice.Parse("LIGHTNING:" + SpecVectors.CoffeeBeansUpperCase).Text);
    }

    [Fact]
    public void Null_is_an_argument_error_for_Parse_and_a_failure_for_TryParse()
    {
        Assert.Throws<ArgumentNullException>(() => Bolt11Invoice.Parse(null!));
        Assert.False(Bolt11Invoice.TryParse(null, null, out var invoice, out var error));
        Assert.Null(invoice);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_returns_the_invoice_when_it_is_valid()
    {
        Assert.True(Bolt11Invoice.TryParse(SpecVectors.Coffee, Network.Main, out var invoice, out var error));
        Assert.Null(error);
        Assert.Equal(250_000_000, invoice.AmountMilliSatoshi);
    }

    [Theory]
    [InlineData("", nameof(Bolt11Error.Empty))]
    [InlineData("   ", nameof(Bolt11Error.Empty))]
    [InlineData("lightning:", nameof(Bolt11Error.Empty))]
    [InlineData("1qqqqqqqqqqq", nameof(Bolt11Error.MissingSeparator))]
    [InlineData("lnbc1qqqqq", nameof(Bolt11Error.TooShort))]
    [InlineData("lnbc1qqqqqqqqqqqqqqqqqq", nameof(Bolt11Error.InvalidChecksum))]
    [InlineData("lnbc1qqqbqqqqqqqqqqqqqq", nameof(Bolt11Error.InvalidCharacter))]
    [InlineData("lnbc1qqqiqqqqqqqqqqqqqq", nameof(Bolt11Error.InvalidCharacter))]
    [InlineData("lnbc1qqq qqqqqqqqqqqqqq", nameof(Bolt11Error.InvalidCharacter))]
    [InlineData("lnbcé1qqqqqqqqqqqqqqqqq", nameof(Bolt11Error.InvalidCharacter))]
    public void Text_that_is_not_bech32_is_refused(string text, string reason) => Assert.Equal(reason, Reason(text));

    [Fact]
    public void Text_longer_than_LND_accepts_is_refused_before_any_work() =>
        Assert.Equal(nameof(Bolt11Error.TooLong), Reason("lnbc1" + new string('q', Bolt11InvoiceParser.MaxLength)));

    [Fact]
    public void Bech32m_checksum_is_refused() =>
        Assert.Equal(nameof(Bolt11Error.InvalidChecksum), Reason(Checksummed("lnbc2500u", WordsOf(SpecVectors.Coffee), Bech32EncodingType.BECH32M)));

    [Fact]
    public void Data_too_short_for_timestamp_and_signature_is_refused() =>
        Assert.Equal(nameof(Bolt11Error.TooShort), Reason(Checksummed("lnbc", WordsOf(SpecVectors.Donation).Take(TimestampWords + SignatureWords - 1))));

    [Theory]
    [InlineData("lnxy2500u")]
    [InlineData("lnbcm")]
    [InlineData("lnltc2500u")]
    [InlineData("bc2500u")]
    public void Unknown_prefix_is_refused(string humanReadablePart)
    {
        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(CoffeeAs(humanReadablePart)));

        Assert.Equal(nameof(Bolt11Error.UnknownPrefix), error.Error.ToString());
    }

    [Fact]
    public void Error_messages_quote_at_most_a_short_prefix_of_the_input()
    {
        var humanReadablePart = "lnabcdefghijklmnopqrstuvwxyz";

        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(CoffeeAs(humanReadablePart)));

        Assert.Contains("lnabcdefghij…", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(humanReadablePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simnet_prefix_is_understood_but_has_no_NBitcoin_network()
    {
        var text = CoffeeAs("lnsb2500u");

        var invoice = Bolt11Invoice.Parse(text);

        Assert.Equal("lnsb", invoice.Prefix);
        Assert.Null(invoice.Network);
        Assert.Equal(250_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal(nameof(Bolt11Error.NetworkMismatch), Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text, Network.RegTest)).Error.ToString());
    }

    [Theory]
    [InlineData(SpecVectors.Coffee, "RegTest")]
    [InlineData(SpecVectors.Coffee, "TestNet")]
    [InlineData(SpecVectors.TestnetFallbackP2pkh, "Main")]
    [InlineData(SpecVectors.TestnetFallbackP2pkh, "signet")]
    [InlineData(SpecVectors.TestnetFallbackP2pkh, "RegTest")]
    public void Invoice_for_another_network_than_expected_is_refused(string text, string expected)
    {
        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text, Network.GetNetwork(expected)));

        Assert.Equal(nameof(Bolt11Error.NetworkMismatch), error.Error.ToString());
    }

    [Fact]
    public void Testnet_invoice_is_accepted_where_testnet4_is_expected()
    {
        var testnet4 = Network.GetNetwork("testnet4")!;

        Assert.Same(testnet4, Bolt11Invoice.Parse(SpecVectors.TestnetFallbackP2pkh, testnet4).Network);
    }

    [Theory]
    [InlineData("lnbc2500x", nameof(Bolt11Error.InvalidAmount))]
    [InlineData("lnbc25x0u", nameof(Bolt11Error.InvalidAmount))]
    [InlineData("lnbc2500-", nameof(Bolt11Error.InvalidAmount))]
    [InlineData("lnbc2501p", nameof(Bolt11Error.SubMillisatoshiAmount))]
    [InlineData("lnbc1p", nameof(Bolt11Error.SubMillisatoshiAmount))]
    [InlineData("lnbc92233720368547758080p", nameof(Bolt11Error.AmountOverflow))]
    [InlineData("lnbc92233720368547759n", nameof(Bolt11Error.AmountOverflow))]
    [InlineData("lnbc92233721", nameof(Bolt11Error.AmountOverflow))]
    [InlineData("lnbc9999999999999999999999999999999999999999m", nameof(Bolt11Error.AmountOverflow))]
    public void Malformed_amount_is_refused(string humanReadablePart, string reason) =>
        Assert.Equal(reason, Reason(CoffeeAs(humanReadablePart)));

    [Theory]
    [InlineData("lnbc10p", 1L)]
    [InlineData("lnbc1n", 100L)]
    [InlineData("lnbc1u", 100_000L)]
    [InlineData("lnbc1m", 100_000_000L)]
    [InlineData("lnbc1", 100_000_000_000L)]
    [InlineData("lnbc0025m", 2_500_000_000L)]
    [InlineData("lnbc92233720368547758070p", long.MaxValue)]
    [InlineData("lnbc92233720368547758n", 9_223_372_036_854_775_800L)]
    [InlineData("lnbc92233720", 9_223_372_000_000_000_000L)]
    public void Amount_multipliers_scale_to_millisatoshi(string humanReadablePart, long milliSatoshi) =>
        Assert.Equal(milliSatoshi, Bolt11Invoice.Parse(CoffeeAs(humanReadablePart)).AmountMilliSatoshi);

    [Fact]
    public void Missing_payment_hash_is_refused() =>
        Assert.Equal(nameof(Bolt11Error.MissingPaymentHash), Reason(DonationWithTagChanged(DonationPaymentHashTag, expectedTag: 1)));

    [Fact]
    public void Invoice_without_description_or_description_hash_is_refused() =>
        Assert.Equal(nameof(Bolt11Error.InvalidDescription), Reason(DonationWithTagChanged(DonationDescriptionTag, expectedTag: 13)));

    [Fact]
    public void Invoice_with_both_description_and_description_hash_is_refused()
    {
        byte[] descriptionHash = [23, 1, 20, .. new byte[52]];

        Assert.Equal(nameof(Bolt11Error.InvalidDescription), Reason(DonationWithFieldAfterTimestamp(descriptionHash)));
    }

    [Fact]
    public void Description_hash_of_the_wrong_length_is_skipped_not_counted()
    {
        byte[] shortDescriptionHash = [23, 1, 19, .. new byte[51]];

        // Without `n` the edited invoice still recovers a (different) payee, so parsing completes.
        var invoice = Bolt11Invoice.Parse(DonationWithFieldAfterTimestamp(shortDescriptionHash));

        Assert.Null(invoice.DescriptionHash);
        Assert.Equal("Please consider supporting this project", invoice.Description);
    }

    [Fact]
    public void First_payment_hash_of_the_right_length_is_the_payment_hash()
    {
        byte[] longPaymentHash = [1, 1, 21, .. Enumerable.Repeat((byte)31, 53)];

        var invoice = Bolt11Invoice.Parse(DonationWithFieldAfterTimestamp(longPaymentHash));

        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHash);
    }

    [Theory]
    [InlineData(new byte[] { 6, 0, 2, 0, 1 })]
    [InlineData(new byte[] { 24, 0, 2, 0, 18 })]
    [InlineData(new byte[] { 5, 0, 2, 0, 1 })]
    public void Expiry_cltv_or_features_with_a_leading_zero_word_are_refused(byte[] field) =>
        Assert.Equal(nameof(Bolt11Error.InvalidField), Reason(DonationWithFieldAfterTimestamp(field)));

    [Fact]
    public void Expiry_too_wide_for_64_bits_is_refused()
    {
        byte[] expiry = [6, 0, 13, 1, .. new byte[12]];

        Assert.Equal(nameof(Bolt11Error.InvalidField), Reason(DonationWithFieldAfterTimestamp(expiry)));
    }

    [Fact]
    public void Expiry_beyond_the_calendar_is_refused()
    {
        byte[] expiry = [6, 0, 12, .. Enumerable.Repeat((byte)31, 12)];

        Assert.Equal(nameof(Bolt11Error.InvalidField), Reason(DonationWithFieldAfterTimestamp(expiry)));
    }

    [Fact]
    public void Cltv_beyond_an_int_is_refused()
    {
        byte[] cltv = [24, 0, 7, .. Enumerable.Repeat((byte)31, 7)];

        Assert.Equal(nameof(Bolt11Error.InvalidField), Reason(DonationWithFieldAfterTimestamp(cltv)));
    }

    [Fact]
    public void Description_that_is_not_UTF8_is_refused()
    {
        // 0xFF 0xFE packed into four words.
        Assert.Equal(nameof(Bolt11Error.InvalidField), Reason(DonationWithFieldAfterTimestamp(13, 0, 4, 31, 31, 31, 16)));
    }

    [Theory]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 2, 0 })]
    [InlineData(new byte[] { 2, 31, 31 })]
    [InlineData(new byte[] { 2, 0, 2, 0 })]
    public void Field_running_into_the_signature_is_refused(byte[] field) =>
        Assert.Equal(nameof(Bolt11Error.TruncatedField), Reason(DonationWithFieldBeforeSignature(field)));

    [Fact]
    public void Recovery_id_above_3_is_refused()
    {
        var words = WordsOf(SpecVectors.Donation);
        words[^1] = 4;

        Assert.Equal(nameof(Bolt11Error.UnrecoverableSignature), Reason(Checksummed("lnbc", words)));
    }

    [Fact]
    public void Edited_data_under_an_explicit_payee_fails_verification()
    {
        var key = new Key();
        var text = Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
        {
            Network = Network.RegTest,
            Timestamp = DateTimeOffset.FromUnixTimeSeconds(SpecVectors.Timestamp),
            PaymentHash = new byte[32],
            PaymentSecret = new byte[32],
            Description = "coffee",
            NodeKey = key,
            PayeeNodeId = key.PubKey,
        });
        Assert.Equal(key.PubKey, Bolt11Invoice.Parse(text).PayeeNodeId);
        var words = WordsOf(text);
        words[TimestampWords - 1] ^= 1; // one second later

        Assert.Equal(nameof(Bolt11Error.InvalidSignature), Reason(Checksummed("lnbcrt", words)));
    }
}
