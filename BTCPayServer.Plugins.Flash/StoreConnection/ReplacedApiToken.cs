using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// A token of an earlier connection of the store that is still active on Flash because the plugin could not revoke
/// it when a new connection replaced it (another account, another server, or Flash did not answer). The settings
/// page names it and offers to revoke it. No secret: id, name and where it lives.
/// </summary>
public sealed class ReplacedApiToken
{
    public Uri Server { get; set; } = FlashConnectionString.MainnetServer;

    public Uri WebSocketServer { get; set; } = FlashEndpoints.DeriveWebSocket(FlashConnectionString.MainnetServer);

    /// <inheritdoc cref="FlashStoreConnection.ProvisioningMethod"/>
    public FlashApiTokenKind ProvisioningMethod { get; set; }

    public string TokenId { get; set; } = "";

    public string TokenName { get; set; } = "";

    public DateTimeOffset ReplacedAt { get; set; }

    public FlashEndpoints ToEndpoints() => FlashEndpoints.For(Server, WebSocketServer);

    public static ReplacedApiToken Of(FlashStoreConnection connection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ReplacedApiToken
        {
            Server = connection.Server,
            WebSocketServer = connection.WebSocketServer,
            ProvisioningMethod = connection.ProvisioningMethod,
            TokenId = connection.TokenId,
            TokenName = connection.TokenName,
            ReplacedAt = now,
        };
    }
}
