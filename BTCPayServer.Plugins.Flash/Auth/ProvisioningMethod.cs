namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>How a token was obtained, which is also how it must be managed later.</summary>
public enum ProvisioningMethod
{
    /// <summary>The seed design: <c>apiTokenCreate</c> over the WebSocket, authenticated by the session.</summary>
    WebSocketApiTokenCreate,

    /// <summary>Flash today (FIP-07): <c>apiKeyCreate</c> over HTTP with the session as Bearer.</summary>
    HttpApiKeyCreate,
}
