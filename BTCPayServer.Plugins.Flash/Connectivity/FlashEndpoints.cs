namespace BTCPayServer.Plugins.Flash.Connectivity;

/// <summary>Where one Flash server answers: GraphQL over HTTP, and graphql-transport-ws.</summary>
public sealed record FlashEndpoints(Uri GraphQL, Uri WebSocket)
{
    /// <summary>Host and port, for messages and logs (never user info, path or query).</summary>
    public string Server => GraphQL.Authority;

    /// <summary>
    /// The WebSocket endpoint Flash pairs with an HTTP one: <c>api.X</c> becomes <c>ws.X</c> (as for
    /// api.flashapp.me / ws.flashapp.me); any other host keeps its name. https maps to wss, http to ws.
    /// </summary>
    public static Uri DeriveWebSocket(Uri graphQL)
    {
        ArgumentNullException.ThrowIfNull(graphQL);
        var builder = new UriBuilder(graphQL) { Scheme = graphQL.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        if (builder.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
            builder.Host = "ws." + builder.Host["api.".Length..];
        return builder.Uri;
    }

    public static FlashEndpoints For(Uri graphQL, Uri? webSocket = null) => new(graphQL, webSocket ?? DeriveWebSocket(graphQL));
}
