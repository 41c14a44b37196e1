#nullable enable
using BTCPayServer.Lightning.Bolt11;
using NBitcoin;

namespace BTCPayServer.Lightning;

/// <summary>
/// Stand-in for upstream's BOLT 11 reader (BOLT11PaymentRequest.cs), with the members the plugin uses, read by this
/// repository's decoder (<see cref="Bolt11Invoice"/>). It answers as upstream does where the plugin depends on it:
/// <see cref="Parse"/> checks the checksum, the prefix and the fields but not the signature, and fails with a
/// <see cref="FormatException"/>; <see cref="VerifySignature"/> checks the signature only against an explicit payee
/// (`n`); amounts, hashes and expiry read the same. The decoder is stricter than upstream in places the plugin does
/// not rely on (it requires `p`, `s` and one of `d` and `h`, and refuses unknown compulsory features).
/// </summary>
public class BOLT11PaymentRequest
{
    private const string UriScheme = "lightning:";

    private readonly string _text;
    private readonly Bolt11Invoice _invoice;

    private BOLT11PaymentRequest(string text, Bolt11Invoice invoice)
    {
        _text = text;
        _invoice = invoice;
        MinimumAmount = LightMoney.MilliSatoshis(invoice.AmountMilliSatoshi ?? 0);
        Timestamp = invoice.Timestamp;
        ExpiryDate = invoice.ExpiresAt;
        // Upstream reads the 32 bytes in the order the invoice has them (uint256(bytes, lendian: false)), so that
        // ToString() prints them in that order; uint256.Parse of that hex is the same value.
        PaymentHash = uint256.Parse(invoice.PaymentHash);
        DescriptionHash = invoice.DescriptionHash is { } hash ? uint256.Parse(hash) : null;
    }

    /// <summary>The amount asked for; zero when the payer chooses it.</summary>
    public LightMoney MinimumAmount { get; }

    public DateTimeOffset Timestamp { get; }

    public uint256? DescriptionHash { get; set; }

    public uint256? PaymentHash { get; }

    /// <summary><see cref="Timestamp"/> plus the `x` field, or plus an hour without one.</summary>
    public DateTimeOffset ExpiryDate { get; }

    /// <summary>
    /// Whether the signature verifies against the `n` field. Without one, true: the payee is then the key the signature
    /// recovers to, which it always matches.
    /// </summary>
    public bool VerifySignature()
    {
        if (!_invoice.HasExplicitPayeeNodeId)
            return true;
        try
        {
            _ = _invoice.PayeeNodeId;
            return true;
        }
        catch (Bolt11FormatException e) when (e.Error == Bolt11Error.InvalidSignature)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">The text is not an invoice, or not one for <paramref name="network"/>.</exception>
    public static BOLT11PaymentRequest Parse(string str, Network network)
    {
        ArgumentNullException.ThrowIfNull(str);
        ArgumentNullException.ThrowIfNull(network);
        // Upstream removes a lightning: scheme and decodes the rest as it is: white space around it is not bech32.
        var invoice = str.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase) ? str[UriScheme.Length..] : str;
        if (invoice.Length != invoice.Trim().Length)
            throw new FormatException("Invalid BOLT11: white space around the invoice");
        var decoded = Bolt11Invoice.Parse(invoice, PrefixCheckedOn(network), Bolt11SignatureCheck.Deferred);
        return new BOLT11PaymentRequest(str.ToLowerInvariant().Trim(), decoded);
    }

    /// <summary>
    /// Upstream knows the prefixes of Bitcoin's mainnet, testnet and regtest (lnbc, lntb, lnbcrt) and checks the
    /// prefix only on those; on any other chain (signet, testnet4) an invoice of any prefix is read.
    /// </summary>
    private static Network? PrefixCheckedOn(Network network) =>
        network.NetworkSet.CryptoCode == "BTC" && (network.ChainName == ChainName.Mainnet || network.ChainName == ChainName.Testnet || network.ChainName == ChainName.Regtest)
            ? network
            : null;

    /// <summary>As upstream: the text parsed, in lower case and trimmed (a lightning: scheme stays).</summary>
    public override string ToString() => _text;
}
