namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>The named <c>IHttpClientFactory</c> client every Flash call uses (pooled connections, one per server).</summary>
public static class FlashHttpClient
{
    public const string Name = "BTCPayServer.Plugins.Flash";
}
