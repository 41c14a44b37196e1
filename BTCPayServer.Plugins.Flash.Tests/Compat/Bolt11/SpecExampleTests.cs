using BTCPayServer.Lightning.Bolt11;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Compat.Bolt11;

/// <summary>The BOLT 11 examples decode to exactly the values the spec states for them.</summary>
public class SpecExampleTests
{
    private static readonly DateTimeOffset SpecTimestamp = DateTimeOffset.FromUnixTimeSeconds(SpecVectors.Timestamp);

    /// <summary>What most examples share: the payment hash and secret, and the node that signed them.</summary>
    private static void AssertSpecPaymentToSpecNode(Bolt11Invoice invoice)
    {
        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHash);
        Assert.Equal(SpecVectors.PaymentSecret, invoice.PaymentSecret);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
    }

    [Fact]
    public void Donation_of_any_amount_has_no_amount_and_recovers_the_payee()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.Donation);

        Assert.Equal("lnbc", invoice.Prefix);
        Assert.Equal("lnbc", invoice.HumanReadablePart);
        Assert.Same(Network.Main, invoice.Network);
        Assert.Null(invoice.AmountMilliSatoshi);
        Assert.Equal(SpecTimestamp, invoice.Timestamp);
        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHash);
        Assert.Equal(SpecVectors.PaymentSecret, invoice.PaymentSecret);
        Assert.Equal("Please consider supporting this project", invoice.Description);
        Assert.Null(invoice.DescriptionHash);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
        Assert.False(invoice.HasExplicitPayeeNodeId);
        Assert.Equal([8, 14], invoice.FeatureBits);
        Assert.Null(invoice.PaymentMetadata);
    }

    [Fact]
    public void Fields_the_invoice_leaves_out_take_the_spec_defaults()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.Donation);

        Assert.Equal(TimeSpan.FromHours(1), invoice.Expiry);
        Assert.Equal(SpecTimestamp.AddHours(1), invoice.ExpiresAt);
        Assert.Equal(18, invoice.MinFinalCltvExpiry);
    }

    [Fact]
    public void Payment_hash_reads_as_BTCPay_prints_it()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.Donation);

        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHashValue.ToString());
        Assert.Equal(uint256.Parse(SpecVectors.PaymentHash), invoice.PaymentHashValue);
    }

    [Fact]
    public void Coffee_for_2500_micro_bitcoin_within_one_minute()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.Coffee);

        Assert.Equal("lnbc2500u", invoice.HumanReadablePart);
        Assert.Equal("lnbc", invoice.Prefix);
        Assert.Equal(250_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal(SpecTimestamp, invoice.Timestamp);
        Assert.Equal("1 cup coffee", invoice.Description);
        Assert.Equal(TimeSpan.FromSeconds(60), invoice.Expiry);
        Assert.Equal(SpecTimestamp.AddSeconds(60), invoice.ExpiresAt);
        AssertSpecPaymentToSpecNode(invoice);
        Assert.Equal([8, 14], invoice.FeatureBits);
    }

    [Fact]
    public void Description_is_read_as_UTF8()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.Nonsense);

        Assert.Equal("ナンセンス 1杯", invoice.Description);
        Assert.Equal(250_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal(TimeSpan.FromSeconds(60), invoice.Expiry);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
    }

    [Fact]
    public void Hashed_description_for_20_milli_bitcoin()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.HashedDescription);

        Assert.Equal(2_000_000_000, invoice.AmountMilliSatoshi);
        Assert.Null(invoice.Description);
        Assert.Equal(SpecVectors.LongDescriptionHash, invoice.DescriptionHash);
        Assert.True(invoice.MatchesDescription(SpecVectors.LongDescription));
        Assert.False(invoice.MatchesDescription(SpecVectors.LongDescription + "."));
        AssertSpecPaymentToSpecNode(invoice);
        Assert.Equal([8, 14], invoice.FeatureBits);
    }

    [Fact]
    public void Testnet_invoice_with_a_fallback_address()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.TestnetFallbackP2pkh);

        Assert.Equal("lntb", invoice.Prefix);
        Assert.Same(Network.TestNet, invoice.Network);
        Assert.Equal(2_000_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal(SpecTimestamp, invoice.Timestamp);
        Assert.Equal(SpecVectors.LongDescriptionHash, invoice.DescriptionHash);
        AssertSpecPaymentToSpecNode(invoice);
        Assert.Equal([8, 14], invoice.FeatureBits);
    }

    [Theory]
    [InlineData(SpecVectors.MainnetFallbackWithRouteHints)]
    [InlineData(SpecVectors.MainnetFallbackP2sh)]
    [InlineData(SpecVectors.MainnetFallbackP2wpkh)]
    [InlineData(SpecVectors.MainnetFallbackP2wsh)]
    [InlineData(SpecVectors.MainnetFallbackP2tr)]
    public void Fallback_addresses_and_route_hints_are_skipped_without_disturbing_the_rest(string text)
    {
        var invoice = Bolt11Invoice.Parse(text, Network.Main);

        Assert.Equal(2_000_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal(SpecVectors.LongDescriptionHash, invoice.DescriptionHash);
        AssertSpecPaymentToSpecNode(invoice);
        Assert.Equal([8, 14], invoice.FeatureBits);
    }

    [Fact]
    public void Pico_bitcoin_amount_with_expiry_cltv_and_route_hint()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.PicoAmount);

        Assert.Equal("lnbc9678785340p", invoice.HumanReadablePart);
        Assert.Equal(967_878_534, invoice.AmountMilliSatoshi);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1572468703), invoice.Timestamp);
        Assert.Equal("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f", invoice.PaymentHash);
        Assert.Equal(SpecVectors.PaymentSecret, invoice.PaymentSecret);
        Assert.Equal(
            "Blockstream Store: 88.85 USD for Blockstream Ledger Nano S x 1, \"Back In My Day\" Sticker x 2, \"I Got Lightning Working\" Sticker x 2 and 1 more items",
            invoice.Description);
        Assert.Equal(TimeSpan.FromSeconds(604800), invoice.Expiry);
        Assert.Equal(10, invoice.MinFinalCltvExpiry);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
        Assert.Equal([8, 14], invoice.FeatureBits);
    }

    [Fact]
    public void Features_8_14_and_99_with_a_payment_secret()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.CoffeeBeansWithFeatures);

        Assert.Equal(2_500_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal("coffee beans", invoice.Description);
        Assert.Equal(SpecVectors.PaymentSecret, invoice.PaymentSecret);
        Assert.Equal([8, 14, 99], invoice.FeatureBits);
        Assert.True(invoice.HasFeature(99));
        Assert.False(invoice.HasFeature(100));
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
    }

    [Fact]
    public void Upper_case_invoice_reads_like_its_lower_case_form()
    {
        var upper = Bolt11Invoice.Parse(SpecVectors.CoffeeBeansUpperCase);
        var lower = Bolt11Invoice.Parse(SpecVectors.CoffeeBeansWithFeatures);

        Assert.Equal(SpecVectors.CoffeeBeansWithFeatures, upper.Text);
        Assert.Equal("lnbc25m", upper.HumanReadablePart);
        Assert.Equal(lower.AmountMilliSatoshi, upper.AmountMilliSatoshi);
        Assert.Equal(lower.Description, upper.Description);
        Assert.Equal(lower.PaymentHash, upper.PaymentHash);
        Assert.Equal(lower.FeatureBits, upper.FeatureBits);
        Assert.Equal(SpecVectors.NodeId, upper.PayeeNodeId.ToHex());
    }

    [Fact]
    public void Unknown_fields_and_fields_of_the_wrong_length_are_ignored()
    {
        // Adds an unknown type, an `f` of unknown version, and `p`, `h`, `s`, `n` of lengths 51/53/52/54.
        var invoice = Bolt11Invoice.Parse(SpecVectors.CoffeeBeansWithIgnoredFields);

        Assert.Equal(2_500_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal("coffee beans", invoice.Description);
        Assert.Null(invoice.DescriptionHash);
        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHash);
        Assert.Equal(SpecVectors.PaymentSecret, invoice.PaymentSecret);
        Assert.Equal([8, 14, 99], invoice.FeatureBits);
        Assert.False(invoice.HasExplicitPayeeNodeId);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
    }

    [Fact]
    public void Payment_metadata_is_read()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.PaymentMetadata);

        Assert.Equal(1_000_000_000, invoice.AmountMilliSatoshi);
        Assert.Equal("payment metadata inside", invoice.Description);
        Assert.Equal("01fafaf0", invoice.PaymentMetadata);
        Assert.Equal([8, 14, 48], invoice.FeatureBits);
        Assert.Equal(SpecVectors.NodeId, invoice.PayeeNodeId.ToHex());
    }

    [Fact]
    public void High_S_signature_without_n_is_accepted_by_public_key_recovery()
    {
        var invoice = Bolt11Invoice.Parse(SpecVectors.HighSRecovery);

        Assert.Equal("Please consider supporting this project", invoice.Description);
        Assert.Equal(SpecVectors.PaymentHash, invoice.PaymentHash);
        Assert.False(invoice.HasExplicitPayeeNodeId);
        // The example negates S of the donation's signature but keeps its recovery id, so standard ECDSA recovery
        // (libsecp256k1's, NBitcoin's) yields this key rather than the signer's; the spec states no payee for it.
        Assert.Equal("02d0139ce7427d6dfffd26a326c18be754ef1e64672b42694ba5b23ef6e6e7803d", invoice.PayeeNodeId.ToHex());
    }

    [Theory]
    [InlineData(SpecVectors.InvalidUnknownFeature100, nameof(Bolt11Error.UnknownRequiredFeature))]
    [InlineData(SpecVectors.InvalidChecksum, nameof(Bolt11Error.InvalidChecksum))]
    [InlineData(SpecVectors.InvalidNoSeparator, nameof(Bolt11Error.MissingSeparator))]
    [InlineData(SpecVectors.InvalidMixedCase, nameof(Bolt11Error.MixedCase))]
    [InlineData(SpecVectors.InvalidUnrecoverableSignature, nameof(Bolt11Error.UnrecoverableSignature))]
    [InlineData(SpecVectors.InvalidTooShort, nameof(Bolt11Error.TooShort))]
    [InlineData(SpecVectors.InvalidMultiplier, nameof(Bolt11Error.InvalidAmount))]
    [InlineData(SpecVectors.InvalidSubMillisatoshi, nameof(Bolt11Error.SubMillisatoshiAmount))]
    [InlineData(SpecVectors.InvalidMissingPaymentSecret, nameof(Bolt11Error.MissingPaymentSecret))]
    [InlineData(SpecVectors.InvalidHighSWithNodeId, nameof(Bolt11Error.InvalidSignature))]
    public void Invalid_examples_are_refused_for_the_stated_reason(string text, string reason)
    {
        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text));

        Assert.Equal(reason, error.Error.ToString());
        Assert.StartsWith("Invalid BOLT 11 invoice: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text[..30], error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(Bolt11Invoice.TryParse(text, null, out var invoice, out var message));
        Assert.Null(invoice);
        Assert.Equal(error.Message, message);
    }
}
