#nullable enable
using System.Diagnostics.CodeAnalysis;
using System.Text;
using NBitcoin;
using NBitcoin.Crypto;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// A BOLT 11 lightning invoice whose checksum and signature have been verified. Byte fields are lower-case hex in
/// the order they appear in the invoice, which is how BTCPay Server prints payment hashes.
/// </summary>
internal sealed class Bolt11Invoice
{
    /// <summary>Expiry when the invoice has no `x` field.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromSeconds(3600);

    /// <summary>`min_final_cltv_expiry_delta` when the invoice has no `c` field.</summary>
    public const int DefaultMinFinalCltvExpiry = 18;

    /// <summary>The invoice in lower case, without a `lightning:` scheme.</summary>
    public required string Text { get; init; }

    /// <summary>Everything before the bech32 separator, e.g. `lnbc2500u`.</summary>
    public required string HumanReadablePart { get; init; }

    /// <summary>`ln` and the currency: `lnbc`, `lntb`, `lntbs`, `lnbcrt` or `lnsb`.</summary>
    public required string Prefix { get; init; }

    /// <summary>The Bitcoin network of <see cref="Prefix"/>; null for `lnsb` (simnet), which NBitcoin has no network for.</summary>
    public required Network? Network { get; init; }

    /// <summary>The amount asked for, or null when the payer chooses it.</summary>
    public required long? AmountMilliSatoshi { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The `x` field, or <see cref="DefaultExpiry"/>.</summary>
    public required TimeSpan Expiry { get; init; }

    public DateTimeOffset ExpiresAt => Timestamp + Expiry;

    /// <summary>The `p` field: 64 lower-case hex characters.</summary>
    public required string PaymentHash { get; init; }

    /// <summary>The payment hash as BTCPay Server holds it: <c>PaymentHashValue.ToString() == PaymentHash</c>.</summary>
    public uint256 PaymentHashValue => uint256.Parse(PaymentHash);

    /// <summary>The `s` field: 64 lower-case hex characters.</summary>
    public required string PaymentSecret { get; init; }

    /// <summary>The `d` field; exactly one of it and <see cref="DescriptionHash"/> is set.</summary>
    public required string? Description { get; init; }

    /// <summary>The `h` field (SHA-256 of the description, e.g. of LNURL-pay metadata): 64 lower-case hex characters.</summary>
    public required string? DescriptionHash { get; init; }

    /// <summary>The `c` field, or <see cref="DefaultMinFinalCltvExpiry"/>.</summary>
    public required int MinFinalCltvExpiry { get; init; }

    private readonly Lazy<PubKey> _payeeNodeId = null!;

    /// <summary>
    /// The node to pay: the `n` field when present (the signature verified against it), else recovered from the
    /// signature. For an invoice parsed with <see cref="Bolt11SignatureCheck.Deferred"/>, the first read checks the
    /// signature and throws <see cref="Bolt11FormatException"/> if it fails.
    /// </summary>
    public PubKey PayeeNodeId => _payeeNodeId.Value;

    /// <summary>How the parser provides <see cref="PayeeNodeId"/>: already checked, or checked on first read.</summary>
    internal required Lazy<PubKey> PayeeNodeIdSource
    {
        init => _payeeNodeId = value;
    }

    /// <summary>Whether <see cref="PayeeNodeId"/> came from an `n` field rather than from signature recovery.</summary>
    public required bool HasExplicitPayeeNodeId { get; init; }

    /// <summary>The set bits of the `9` field, ascending (empty without one).</summary>
    public required IReadOnlyList<int> FeatureBits { get; init; }

    /// <summary>The `m` field (payment metadata) as lower-case hex, or null.</summary>
    public required string? PaymentMetadata { get; init; }

    public bool HasFeature(int bit) => FeatureBits.Contains(bit);

    /// <summary>
    /// Whether the invoice commits to <paramref name="description"/>: its `h` is the SHA-256 of the description's
    /// UTF-8 bytes, or its `d` is the description itself.
    /// </summary>
    public bool MatchesDescription(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (DescriptionHash is null)
            return string.Equals(Description, description, StringComparison.Ordinal);
        var hash = Convert.ToHexStringLower(Hashes.SHA256(Encoding.UTF8.GetBytes(description)));
        return string.Equals(DescriptionHash, hash, StringComparison.Ordinal);
    }

    /// <summary>Decodes and verifies an invoice; a `lightning:` scheme and surrounding white space are accepted.</summary>
    /// <param name="text">The invoice.</param>
    /// <param name="expectedNetwork">When set, an invoice for another network is rejected.</param>
    /// <param name="signatureCheck">When the signature is checked; see <see cref="Bolt11SignatureCheck"/>.</param>
    /// <exception cref="Bolt11FormatException">The text is not a valid invoice (for the expected network).</exception>
    public static Bolt11Invoice Parse(string text, Network? expectedNetwork = null, Bolt11SignatureCheck signatureCheck = Bolt11SignatureCheck.Immediate) =>
        Bolt11InvoiceParser.Parse(text, expectedNetwork, signatureCheck);

    /// <summary>Like <see cref="Parse"/>, reporting failure as <paramref name="error"/> instead of throwing.</summary>
    public static bool TryParse(
        string? text,
        Network? expectedNetwork,
        [NotNullWhen(true)] out Bolt11Invoice? invoice,
        [NotNullWhen(false)] out string? error)
    {
        invoice = null;
        if (text is null)
        {
            error = "Invalid BOLT 11 invoice: no text.";
            return false;
        }
        try
        {
            invoice = Parse(text, expectedNetwork);
            error = null;
            return true;
        }
        catch (Bolt11FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    public override string ToString() => Text;
}
