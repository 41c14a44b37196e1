namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>Facts about the Flash instance.</summary>
public sealed record Globals
{
    /// <summary>Flash's <c>Network</c> enum as sent: <c>mainnet</c>, <c>testnet</c>, <c>signet</c> or <c>regtest</c>.</summary>
    public required string Network { get; init; }

    /// <summary>Public keys of the instance's lightning nodes (hex).</summary>
    public required IReadOnlyList<string> NodesIds { get; init; }

    public required string LightningAddressDomain { get; init; }
}
