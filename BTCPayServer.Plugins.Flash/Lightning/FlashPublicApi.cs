using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// What any Flash server answers without a credential (Flash's <c>unauthed</c> query and mutation fields): an
/// invoice's payment status (query and subscription), <c>globals</c>, <c>realtimePrice</c> and the
/// <c>...OnBehalfOfRecipient</c> invoice mutations. They are asked without the store's token, so a status keeps
/// arriving after the token behind a store was replaced or revoked, and polling, pricing and LNURL-pay invoices cost
/// nothing of the key's rate limit.
/// </summary>
public sealed class FlashPublicApi
{
    private readonly Func<Uri, GraphQLHttpTransport> _http;
    private readonly Func<Uri, GraphQLWebSocketClient> _webSockets;

    /// <param name="http">An HTTP transport to a GraphQL endpoint that sends no credential.</param>
    /// <param name="webSockets">A new WebSocket client to a graphql-transport-ws endpoint, owned by the caller.</param>
    /// <param name="maxSubscriptionsPerSocket">The most status subscriptions one socket carries before another opens.</param>
    public FlashPublicApi(Func<Uri, GraphQLHttpTransport> http, Func<Uri, GraphQLWebSocketClient> webSockets, int maxSubscriptionsPerSocket = DefaultMaxSubscriptionsPerSocket)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(webSockets);
        _http = http;
        _webSockets = webSockets;
        StatusSockets = new FlashStatusSockets(NewWebSocket, maxSubscriptionsPerSocket);
    }

    /// <summary>Flash's servers set no limit of their own; this keeps one socket's work bounded.</summary>
    public const int DefaultMaxSubscriptionsPerSocket = 10_000;

    /// <summary>The status sockets every listener on this instance shares (the plugin has one instance).</summary>
    internal FlashStatusSockets StatusSockets { get; }

    internal FlashApiClient On(FlashEndpoints server) => new(_http(server.GraphQL));

    internal GraphQLWebSocketClient NewWebSocket(FlashEndpoints server) => _webSockets(server.WebSocket);
}
