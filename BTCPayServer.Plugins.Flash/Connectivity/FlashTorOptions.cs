using System.Net;

namespace BTCPayServer.Plugins.Flash.Connectivity;

/// <summary>
/// How BTCPay reaches Tor: its <c>socksendpoint</c> setting (<c>host:port</c>, port 9050 by default), the same one
/// BTCPay's own onion clients use. Without it, no <c>.onion</c> server can be reached, and none is ever looked up in DNS.
/// </summary>
public sealed class FlashTorOptions
{
    public const string ConfigurationKey = "socksendpoint";

    /// <summary>BTCPay's SOCKS endpoint, e.g. <c>127.0.0.1:9050</c>; null when Tor is not configured.</summary>
    public string? SocksEndpoint { get; set; }

    /// <summary>The SOCKS5 proxy for onion servers, or null when none is configured or the setting is not host:port.</summary>
    public IWebProxy? Proxy()
    {
        if (string.IsNullOrWhiteSpace(SocksEndpoint))
            return null;
        var text = SocksEndpoint.Trim();
        // host, [v6 address] or either with :port, as BTCPay reads it.
        if (text.EndsWith(']') || !text.Contains(':', StringComparison.Ordinal))
            text += ":9050";
        // SOCKS5 through .NET's own client: the onion name goes to Tor as a name, never to a local resolver.
        return Uri.TryCreate("socks5://" + text, UriKind.Absolute, out var proxy) && proxy.Port > 0 ? new WebProxy(proxy) : null;
    }
}
