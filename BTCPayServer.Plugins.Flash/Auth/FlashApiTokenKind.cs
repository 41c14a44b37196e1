namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The two credential services Flash servers offer; the prefix says which, and <see cref="ApiTokenDialects.For"/>
/// gives the dialect that issues, sends and manages a token of the kind. Saved connections store the number, never the
/// name (BTCPay's settings are Newtonsoft JSON with default settings), so the numbers stay as they are; the settings
/// page posts the name back only within one rendering of the page.
/// </summary>
public enum FlashApiTokenKind
{
    /// <summary>A <c>flash_</c> token of Flash's API token service (<c>apiToken*</c>), created over the WebSocket and sent as <c>Authorization: Bearer</c>.</summary>
    ApiToken = 0,

    /// <summary>An <c>fk_</c> key of Flash's API key service (<c>apiKey*</c>, as Flash runs today), created over HTTP and sent as <c>X-API-KEY</c>.</summary>
    ApiKey = 1,
}
