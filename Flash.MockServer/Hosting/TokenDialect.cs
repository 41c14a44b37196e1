namespace Flash.MockServer.Hosting;

/// <summary>
/// Which of Flash's two credential services the server offers. The member names are the <c>--dialect</c> values
/// (<c>seed</c>, <c>fip07</c>, <c>both</c>) the mock has always taken, so they stay.
/// </summary>
public enum TokenDialect
{
    /// <summary>
    /// Flash's API token service (<c>apiToken*</c> over the WebSocket, on a Flash branch that was never merged):
    /// <c>flash_</c> tokens, used as <c>Authorization: Bearer</c>.
    /// </summary>
    Seed,

    /// <summary>
    /// Flash's API key service, as Flash runs today (FIP-07, Flash's proposal that added <c>fk_</c> API keys):
    /// <c>fk_</c> keys created over HTTP with a session, used as <c>X-API-KEY</c>.
    /// </summary>
    Fip07,

    /// <summary>Both at once; each credential is handled by the rules of its own dialect.</summary>
    Both,
}
