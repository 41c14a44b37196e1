#nullable enable
using NBitcoin;

namespace BTCPayServer.Lightning.Bolt11;

/// <summary>
/// The currency prefixes of BOLT 11 (`ln` + BIP 173 prefix) and the Bitcoin networks they stand for.
/// `lntb` serves every Bitcoin testnet (testnet3 and testnet4); `lnsb` is simnet, which NBitcoin has no network for.
/// </summary>
internal static class Bolt11Currency
{
    public const string LightningPrefix = "ln";

    private sealed record Entry(string Currency, Network? Network, string[] ChainNames);

    private static readonly Entry[] Entries =
    [
        new("bc", Network.Main, ["Mainnet"]),
        new("tb", Network.TestNet, ["Testnet", "Testnet4"]),
        new("tbs", Bitcoin.Instance.Signet, ["Signet"]),
        new("bcrt", Network.RegTest, ["Regtest"]),
        new("sb", null, []),
    ];

    /// <summary>Whether <paramref name="currency"/> (the letters after `ln`) is known, and its network if NBitcoin has one.</summary>
    public static bool TryGetNetwork(string currency, out Network? network)
    {
        var entry = Array.Find(Entries, e => string.Equals(e.Currency, currency, StringComparison.Ordinal));
        network = entry?.Network;
        return entry is not null;
    }

    /// <summary>Whether an invoice with this currency can be paid on <paramref name="network"/>.</summary>
    public static bool IsFor(string currency, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var entry = Array.Find(Entries, e => string.Equals(e.Currency, currency, StringComparison.Ordinal));
        return entry is not null && IsBitcoin(network) && entry.ChainNames.Contains(network.ChainName.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The invoice prefix (`lnbc`, `lntb`, `lntbs`, `lnbcrt`) for a Bitcoin network.</summary>
    public static string GetPrefix(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var entry = IsBitcoin(network)
            ? Array.Find(Entries, e => e.ChainNames.Contains(network.ChainName.ToString(), StringComparer.OrdinalIgnoreCase))
            : null;
        return entry is null
            ? throw new ArgumentException($"BOLT 11 has no prefix for the network '{network.Name}'.", nameof(network))
            : LightningPrefix + entry.Currency;
    }

    private static bool IsBitcoin(Network network) => ReferenceEquals(network.NetworkSet, Bitcoin.Instance);
}
