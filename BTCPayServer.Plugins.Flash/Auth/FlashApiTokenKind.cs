namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The two credential dialects Flash servers speak; the prefix says which, and <see cref="ApiTokenDialects.For"/>
/// gives the dialect that issues, sends and manages a token of the kind. The numbers are stored in saved connections:
/// they stay as they are.
/// </summary>
public enum FlashApiTokenKind
{
    /// <summary>The seed design's <c>flash_</c> token, created over the WebSocket and sent as <c>Authorization: Bearer</c>.</summary>
    SeedToken,

    /// <summary>Flash today's (FIP-07) <c>fk_</c> API key, created over HTTP and sent as <c>X-API-KEY</c>.</summary>
    ApiKey,
}
