using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>Flash's <c>Network</c> enum (<c>mainnet testnet signet regtest</c>) against NBitcoin's chains.</summary>
internal static class FlashNetworkNames
{
    public static bool Matches(string flashNetwork, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var chain = network.ChainName.ToString();
        return flashNetwork switch
        {
            "mainnet" => chain.Equals("Mainnet", StringComparison.OrdinalIgnoreCase),
            // Flash has one testnet value; NBitcoin tells testnet3 and testnet4 apart.
            "testnet" => chain.Equals("Testnet", StringComparison.OrdinalIgnoreCase) || chain.Equals("Testnet4", StringComparison.OrdinalIgnoreCase),
            "signet" => chain.Equals("Signet", StringComparison.OrdinalIgnoreCase),
            "regtest" => chain.Equals("Regtest", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>The network's name as Flash would write it.</summary>
    public static string Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.ChainName.ToString().ToLowerInvariant();
    }
}
