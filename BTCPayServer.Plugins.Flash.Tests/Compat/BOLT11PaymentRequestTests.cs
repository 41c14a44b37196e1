using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Compat.Bolt11;
using Flash.MockServer.Lightning;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>
/// What the plugin relies on from the host's BOLT 11 reader, on the spec's examples: these hold for upstream's
/// BOLT11PaymentRequest (read at its source) and so must for the stand-in.
/// </summary>
public class BOLT11PaymentRequestTests
{
    private static readonly DateTimeOffset SpecTimestamp = DateTimeOffset.FromUnixTimeSeconds(SpecVectors.Timestamp);

    [Fact]
    public void Amount_hashes_and_expiry_read_as_the_invoice_states_them()
    {
        var coffee = BOLT11PaymentRequest.Parse(SpecVectors.Coffee, Network.Main);

        Assert.Equal(LightMoney.MilliSatoshis(250_000_000), coffee.MinimumAmount);
        Assert.Equal(SpecVectors.PaymentHash, coffee.PaymentHash!.ToString());
        Assert.Null(coffee.DescriptionHash);
        Assert.Equal(SpecTimestamp, coffee.Timestamp);
        Assert.Equal(SpecTimestamp + TimeSpan.FromSeconds(60), coffee.ExpiryDate);
        Assert.Equal(SpecVectors.Coffee, coffee.ToString());
    }

    [Fact]
    public void The_description_hash_prints_in_the_invoice_s_byte_order()
    {
        var hashed = BOLT11PaymentRequest.Parse(SpecVectors.HashedDescription, Network.Main);

        Assert.Equal(SpecVectors.LongDescriptionHash, hashed.DescriptionHash!.ToString());
    }

    [Fact]
    public void Without_an_amount_or_an_expiry_the_amount_is_zero_and_the_invoice_lasts_an_hour()
    {
        var donation = BOLT11PaymentRequest.Parse(SpecVectors.Donation, Network.Main);

        Assert.Equal(LightMoney.Zero, donation.MinimumAmount);
        Assert.Equal(SpecTimestamp + TimeSpan.FromHours(1), donation.ExpiryDate);
    }

    [Fact]
    public void A_pico_bitcoin_amount_is_read_in_millisatoshi()
    {
        Assert.Equal(LightMoney.MilliSatoshis(967_878_534), BOLT11PaymentRequest.Parse(SpecVectors.PicoAmount, Network.Main).MinimumAmount);
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.InvalidSubMillisatoshi, Network.Main));
    }

    [Fact]
    public void The_prefix_is_checked_on_mainnet_testnet_and_regtest_only()
    {
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.Coffee, Network.TestNet));
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.Coffee, Network.RegTest));
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.TestnetFallbackP2pkh, Network.Main));
        Assert.Equal(SpecVectors.PaymentHash, BOLT11PaymentRequest.Parse(SpecVectors.TestnetFallbackP2pkh, Network.TestNet).PaymentHash!.ToString());
        // Upstream knows no signet prefix, so it reads any.
        Assert.Equal(SpecVectors.PaymentHash, BOLT11PaymentRequest.Parse(SpecVectors.Coffee, Bitcoin.Instance.Signet).PaymentHash!.ToString());
    }

    [Fact]
    public void Bad_text_is_a_FormatException_and_a_lightning_scheme_is_read_but_kept()
    {
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.InvalidChecksum, Network.Main));
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(SpecVectors.InvalidMixedCase, Network.Main));
        Assert.ThrowsAny<FormatException>(() => BOLT11PaymentRequest.Parse(" " + SpecVectors.Coffee, Network.Main));

        Assert.Equal("lightning:" + SpecVectors.Coffee, BOLT11PaymentRequest.Parse("LIGHTNING:" + SpecVectors.Coffee.ToUpperInvariant(), Network.Main).ToString());
    }

    [Fact]
    public void Parse_leaves_the_signature_to_VerifySignature_which_checks_it_against_an_explicit_payee()
    {
        var signer = new Key();
        var other = new Key();
        var named = Write(signer, payee: other.PubKey);
        var recovered = Write(signer, payee: null);

        var wrongPayee = BOLT11PaymentRequest.Parse(named, Network.RegTest);

        Assert.False(wrongPayee.VerifySignature());
        Assert.True(BOLT11PaymentRequest.Parse(Write(signer, payee: signer.PubKey), Network.RegTest).VerifySignature());
        // Without an `n` the payee is whoever the signature recovers to: there is nothing to check it against.
        Assert.True(BOLT11PaymentRequest.Parse(recovered, Network.RegTest).VerifySignature());
    }

    private static string Write(Key signer, PubKey? payee) => Bolt11InvoiceWriter.Write(new Bolt11InvoiceRequest
    {
        Network = Network.RegTest,
        AmountMilliSatoshi = 1000,
        Timestamp = SpecTimestamp,
        PaymentHash = new byte[32],
        PaymentSecret = new byte[32],
        Description = "test invoice",
        NodeKey = signer,
        PayeeNodeId = payee,
    });
}
