namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>The two credential dialects Flash servers speak; the prefix says which.</summary>
public enum FlashApiTokenKind
{
    /// <summary>The seed design's <c>flash_</c> token, sent as <c>Authorization: Bearer</c>.</summary>
    SeedToken,

    /// <summary>Flash today's (FIP-07) <c>fk_</c> API key, sent as <c>X-API-KEY</c>.</summary>
    ApiKey,
}
