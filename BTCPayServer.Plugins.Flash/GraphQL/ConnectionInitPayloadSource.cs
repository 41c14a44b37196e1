using System.Text.Json.Nodes;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Supplies the <c>connection_init</c> payload for each new WebSocket connection, e.g.
/// <c>{"Authorization":"Bearer &lt;session token&gt;"}</c>, or null to send none. It holds credentials, so the
/// client never logs it nor puts it in an exception.
/// </summary>
public delegate ValueTask<JsonObject?> ConnectionInitPayloadSource(CancellationToken cancellation);
