using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning.Bolt11;
using Flash.MockServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Compat.Bolt11;

/// <summary>Invoices the mock server writes are the spec's own bytes and read back field for field.</summary>
public class Bolt11InvoiceWriterTests
{
    private static readonly Key SpecKey = new(Convert.FromHexString(SpecVectors.NodePrivateKey));
    private static readonly Key NodeKey = new(Convert.FromHexString("0f3b2e1c4d5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"));
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private static readonly byte[] Hash = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    private static Bolt11InvoiceRequest SpecRequest(long? amountMilliSatoshi = null, string? description = null, byte[]? descriptionHash = null) => new()
    {
        Network = Network.Main,
        AmountMilliSatoshi = amountMilliSatoshi,
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(SpecVectors.Timestamp),
        PaymentHash = Convert.FromHexString(SpecVectors.PaymentHash),
        PaymentSecret = Convert.FromHexString(SpecVectors.PaymentSecret),
        Description = description,
        DescriptionHash = descriptionHash,
        MinFinalCltvExpiry = null,
        NodeKey = SpecKey,
        FeatureBits = [8, 14],
    };

    private static Bolt11InvoiceRequest Request(Network network, long? amountMilliSatoshi = 150_000) => new()
    {
        Network = network,
        AmountMilliSatoshi = amountMilliSatoshi,
        Timestamp = Now,
        PaymentHash = Hash,
        PaymentSecret = Secret,
        Description = "Flash order 42",
        NodeKey = NodeKey,
    };

    [Fact]
    public void Writes_the_spec_donation_example_byte_for_byte() =>
        Assert.Equal(SpecVectors.Donation, Bolt11InvoiceWriter.Write(SpecRequest(description: "Please consider supporting this project")));

    [Fact]
    public void Writes_the_spec_coffee_example_byte_for_byte() =>
        Assert.Equal(SpecVectors.Coffee, Bolt11InvoiceWriter.Write(SpecRequest(250_000_000, "1 cup coffee") with { ExpirySeconds = 60 }));

    [Fact]
    public void Writes_the_spec_UTF8_description_example_byte_for_byte() =>
        Assert.Equal(SpecVectors.Nonsense, Bolt11InvoiceWriter.Write(SpecRequest(250_000_000, "ナンセンス 1杯") with { ExpirySeconds = 60 }));

    [Fact]
    public void Writes_the_spec_description_hash_example_byte_for_byte() =>
        Assert.Equal(
            SpecVectors.HashedDescription,
            Bolt11InvoiceWriter.Write(SpecRequest(2_000_000_000, descriptionHash: Convert.FromHexString(SpecVectors.LongDescriptionHash))));

    [Theory]
    [InlineData("Main", "lnbc")]
    [InlineData("TestNet", "lntb")]
    [InlineData("signet", "lntbs")]
    [InlineData("RegTest", "lnbcrt")]
    public void Round_trips_on_each_network(string networkName, string prefix)
    {
        var network = Network.GetNetwork(networkName)!;

        var text = Bolt11InvoiceWriter.Write(Request(network));
        var invoice = Bolt11Invoice.Parse(text, network);

        Assert.StartsWith(prefix + "1500n1", text, StringComparison.Ordinal);
        Assert.Equal(prefix, invoice.Prefix);
        Assert.Same(network, invoice.Network);
        Assert.Equal(150_000, invoice.AmountMilliSatoshi);
        Assert.Equal(Now, invoice.Timestamp);
        Assert.Equal(Convert.ToHexStringLower(Hash), invoice.PaymentHash);
        Assert.Equal(Convert.ToHexStringLower(Secret), invoice.PaymentSecret);
        Assert.Equal("Flash order 42", invoice.Description);
        Assert.Null(invoice.DescriptionHash);
        Assert.Equal(18, invoice.MinFinalCltvExpiry);
        Assert.Equal(NodeKey.PubKey, invoice.PayeeNodeId);
        Assert.Equal([8, 14, 17], invoice.FeatureBits);
        Assert.Equal(text, invoice.Text);
    }

    [Theory]
    [InlineData("Main")]
    [InlineData("RegTest")]
    [InlineData("signet")]
    public void Round_trips_without_an_amount(string networkName)
    {
        var network = Network.GetNetwork(networkName)!;

        var text = Bolt11InvoiceWriter.Write(Request(network, amountMilliSatoshi: null));
        var invoice = Bolt11Invoice.Parse(text, network);

        Assert.Null(invoice.AmountMilliSatoshi);
        Assert.Equal(invoice.Prefix, invoice.HumanReadablePart);
        Assert.Equal(NodeKey.PubKey, invoice.PayeeNodeId);
    }

    [Fact]
    public void Testnet4_uses_the_testnet_prefix()
    {
        var testnet4 = Network.GetNetwork("testnet4")!;

        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(testnet4)), testnet4);

        Assert.Equal("lntb", invoice.Prefix);
        Assert.Same(testnet4, invoice.Network);
    }

    [Fact]
    public void LNURL_pay_invoice_commits_to_the_metadata_through_the_description_hash()
    {
        const string metadata = "[[\"text/plain\",\"Pay to alice\"],[\"text/identifier\",\"alice@flash.example\"]]";
        var metadataHash = SHA256.HashData(Encoding.UTF8.GetBytes(metadata));

        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { Description = null, DescriptionHash = metadataHash });
        var invoice = Bolt11Invoice.Parse(text, Network.RegTest);

        Assert.Null(invoice.Description);
        Assert.Equal(Convert.ToHexStringLower(metadataHash), invoice.DescriptionHash);
        Assert.True(invoice.MatchesDescription(metadata));
        Assert.False(invoice.MatchesDescription(metadata.Replace("alice", "mallory", StringComparison.Ordinal)));
    }

    [Fact]
    public void Description_matches_only_itself()
    {
        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest)));

        Assert.True(invoice.MatchesDescription("Flash order 42"));
        Assert.False(invoice.MatchesDescription("Flash order 43"));
    }

    [Fact]
    public void Expiry_defaults_to_an_hour_when_the_writer_leaves_x_out()
    {
        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest)));

        Assert.Equal(TimeSpan.FromSeconds(3600), invoice.Expiry);
        Assert.Equal(Now.AddHours(1), invoice.ExpiresAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(86_400)]
    [InlineData(31_536_000)]
    public void Expiry_and_cltv_round_trip(long expirySeconds)
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { ExpirySeconds = expirySeconds, MinFinalCltvExpiry = 144 });
        var invoice = Bolt11Invoice.Parse(text);

        Assert.Equal(TimeSpan.FromSeconds(expirySeconds), invoice.Expiry);
        Assert.Equal(Now.AddSeconds(expirySeconds), invoice.ExpiresAt);
        Assert.Equal(144, invoice.MinFinalCltvExpiry);
    }

    [Theory]
    [InlineData(1L, "10p")]
    [InlineData(10L, "100p")]
    [InlineData(100L, "1n")]
    [InlineData(1_000L, "10n")]
    [InlineData(1_001L, "10010p")]
    [InlineData(100_000L, "1u")]
    [InlineData(250_000_000L, "2500u")]
    [InlineData(100_000_000L, "1m")]
    [InlineData(2_500_000_000L, "25m")]
    [InlineData(100_000_000_000L, "1")]
    [InlineData(150_000_000_000L, "1500m")]
    [InlineData(2_100_000_000_000_000_000L, "21000000")]
    [InlineData(long.MaxValue, "92233720368547758070p")]
    public void Amount_uses_the_shortest_exact_multiplier_and_reads_back(long milliSatoshi, string amountText)
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.Main, milliSatoshi));
        var invoice = Bolt11Invoice.Parse(text);

        Assert.Equal("lnbc" + amountText, invoice.HumanReadablePart);
        Assert.StartsWith("lnbc" + amountText + "1", text, StringComparison.Ordinal);
        Assert.Equal(milliSatoshi, invoice.AmountMilliSatoshi);
    }

    [Fact]
    public void Explicit_payee_node_id_is_verified_rather_than_recovered()
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { PayeeNodeId = NodeKey.PubKey });
        var invoice = Bolt11Invoice.Parse(text);

        Assert.True(invoice.HasExplicitPayeeNodeId);
        Assert.Equal(NodeKey.PubKey, invoice.PayeeNodeId);
    }

    [Fact]
    public void Signature_by_another_key_than_the_stated_payee_is_refused()
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { PayeeNodeId = NodeKey.PubKey, NodeKey = SpecKey });

        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text));

        Assert.Equal(nameof(Bolt11Error.InvalidSignature), error.Error.ToString());
    }

    [Fact]
    public void A_deferred_signature_check_reads_the_fields_and_refuses_the_payee_on_first_read()
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { PayeeNodeId = NodeKey.PubKey, NodeKey = SpecKey });

        var invoice = Bolt11Invoice.Parse(text, Network.RegTest, Bolt11SignatureCheck.Deferred);

        Assert.Equal(Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest))).AmountMilliSatoshi, invoice.AmountMilliSatoshi);
        var error = Assert.Throws<Bolt11FormatException>(() => invoice.PayeeNodeId);
        Assert.Equal(Bolt11Error.InvalidSignature, error.Error);
    }

    [Fact]
    public void A_deferred_signature_check_still_refuses_a_broken_checksum_or_another_network()
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest));
        var broken = text[..^1] + (text[^1] == 'q' ? 'p' : 'q');

        Assert.Equal(Bolt11Error.InvalidChecksum, Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(broken, null, Bolt11SignatureCheck.Deferred)).Error);
        Assert.Equal(Bolt11Error.NetworkMismatch, Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(text, Network.Main, Bolt11SignatureCheck.Deferred)).Error);
    }

    [Fact]
    public void Signature_by_another_key_without_n_recovers_that_key_not_the_node()
    {
        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { NodeKey = SpecKey }));

        Assert.NotEqual(NodeKey.PubKey, invoice.PayeeNodeId);
        Assert.Equal(SpecKey.PubKey, invoice.PayeeNodeId);
    }

    [Fact]
    public void A_changed_data_character_breaks_the_checksum()
    {
        var text = Bolt11InvoiceWriter.Write(Request(Network.RegTest));
        var position = text.IndexOf('1', StringComparison.Ordinal) + 20;
        var tampered = text[..position] + (text[position] == 'q' ? 'p' : 'q') + text[(position + 1)..];

        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Parse(tampered));

        Assert.Equal(nameof(Bolt11Error.InvalidChecksum), error.Error.ToString());
    }

    [Fact]
    public void Feature_bits_round_trip()
    {
        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { FeatureBits = [9, 14, 16, 49] }));

        Assert.Equal([9, 14, 16, 49], invoice.FeatureBits);
    }

    [Fact]
    public void Invoice_without_features_has_none()
    {
        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { FeatureBits = [] }));

        Assert.Empty(invoice.FeatureBits);
    }

    [Fact]
    public void Longest_description_fits_and_reads_back()
    {
        var description = new string('a', 639);

        var invoice = Bolt11Invoice.Parse(Bolt11InvoiceWriter.Write(Request(Network.RegTest) with { Description = description }));

        Assert.Equal(description, invoice.Description);
    }

    [Fact]
    public void Writer_refuses_requests_no_reader_would_accept()
    {
        var request = Request(Network.RegTest);

        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { Description = new string('a', 640) }));
        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { DescriptionHash = Hash }));
        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { Description = null }));
        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { PaymentHash = new byte[31] }));
        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { PaymentSecret = new byte[33] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bolt11InvoiceWriter.Write(request with { AmountMilliSatoshi = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bolt11InvoiceWriter.Write(request with { ExpirySeconds = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bolt11InvoiceWriter.Write(request with { Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => Bolt11InvoiceWriter.Write(request with { Network = Network.GetNetwork("mutinynet")! }));
    }
}
