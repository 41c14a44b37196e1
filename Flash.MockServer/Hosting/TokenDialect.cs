namespace Flash.MockServer.Hosting;

/// <summary>Which API token design the server speaks (see shared/flash-api/README.md).</summary>
public enum TokenDialect
{
    /// <summary>The seed design: <c>flash_</c> tokens created over the WebSocket, used as <c>Authorization: Bearer</c>.</summary>
    Seed,

    /// <summary>Flash today (FIP-07): <c>fk_</c> keys created over HTTP with a session, used as <c>X-API-KEY</c>.</summary>
    Fip07,

    /// <summary>Both at once; each credential is handled by the rules of its own dialect.</summary>
    Both,
}
