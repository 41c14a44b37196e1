using BTCPayServer.Plugins.Flash.ConnectionStrings;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>Defaults of the Flash settings page; a host may point the form at another Flash server (the dev host's mock).</summary>
public sealed class FlashStoreSettingsOptions
{
    /// <summary>The server the connect form suggests: Flash's mainnet API unless the host says otherwise.</summary>
    public Uri DefaultServer { get; set; } = FlashConnectionString.MainnetServer;
}
