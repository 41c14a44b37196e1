using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.GraphQL;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BTCPayServer.Plugins.Flash.Connectivity;

/// <summary>
/// The one place the plugin's GraphQL transports are made: HTTP on the pooled named client, WebSockets with the
/// plugin's options, and onion servers only through BTCPay's Tor proxy (never through a local resolver).
/// </summary>
public sealed class FlashTransports
{
    /// <summary>The named client for onion servers: a SOCKS5 proxy to Tor (see <see cref="FlashTorOptions"/>).</summary>
    public const string TorHttpClientName = FlashHttpClient.Name + ".Tor";

    /// <summary>
    /// Flash's header for what a client understands: with <c>cash-wallet-usdt-v1</c>, an account moved to USDT is
    /// shown with its USDT wallet as such, instead of the legacy USD presentation older clients get.
    /// </summary>
    public const string CapabilitiesHeader = "X-Flash-Client-Capabilities";

    public const string Capabilities = "cash-wallet-usdt-v1";

    private const string NoTorProxy = "This BTCPay Server has no Tor proxy configured, so it cannot reach .onion addresses";

    private static readonly HttpClient Unreachable = new(new UnreachableHandler(NoTorProxy));

    private readonly IHttpClientFactory _httpClients;
    private readonly FlashTorOptions _tor;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    public FlashTransports(IHttpClientFactory httpClients, IOptions<FlashTorOptions> tor, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(tor);
        _httpClients = httpClients;
        _tor = tor.Value;
        _time = time;
        _loggers = loggers;
    }

    /// <summary>GraphQL over HTTP to <paramref name="endpoint"/>, with the credential header <paramref name="header"/> gives (none when null).</summary>
    public GraphQLHttpTransport Http(Uri endpoint, AuthHeaderSource? header = null, GraphQLHttpTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var unreachable = FlashServerAddress.IsOnion(endpoint) && _tor.Proxy() is null;
        var client = !FlashServerAddress.IsOnion(endpoint) ? _httpClients.CreateClient(FlashHttpClient.Name)
            : unreachable ? Unreachable
            : _httpClients.CreateClient(TorHttpClientName);
        // Options are made per transport by every caller, so they may be completed here.
        options ??= new GraphQLHttpTransportOptions();
        if (!options.Headers.Any(h => h.Key == CapabilitiesHeader))
            options.Headers = [.. options.Headers, new(CapabilitiesHeader, Capabilities)];
        // The transport refuses before any attempt; the handler's failure alone would be retried and lose its reason.
        if (unreachable)
            options.Unreachable = NoTorProxy;
        return new GraphQLHttpTransport(client, endpoint, header, options, _time, _loggers.CreateLogger<GraphQLHttpTransport>());
    }

    /// <summary>A graphql-transport-ws client to <paramref name="endpoint"/>, owned (and disposed) by the caller.</summary>
    public GraphQLWebSocketClient WebSocket(Uri endpoint, ConnectionInitPayloadSource? connectionInit = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var options = new GraphQLWebSocketClientOptions();
        if (FlashServerAddress.IsOnion(endpoint))
        {
            options.Proxy = _tor.Proxy();
            options.Unreachable = options.Proxy is null ? NoTorProxy : null;
        }
        return new GraphQLWebSocketClient(endpoint, connectionInit, options, _time, _loggers.CreateLogger<GraphQLWebSocketClient>());
    }

    /// <summary>The primary handler of <see cref="TorHttpClientName"/>: .NET's own SOCKS5 client, which hands the name to Tor.</summary>
    public static HttpMessageHandler TorHandler(FlashTorOptions tor)
    {
        ArgumentNullException.ThrowIfNull(tor);
        // Without a proxy this client is never used (see Http), but it must not reach out on its own either.
        return tor.Proxy() is { } proxy ? new SocketsHttpHandler { Proxy = proxy, UseProxy = true, AllowAutoRedirect = false } : new UnreachableHandler(NoTorProxy);
    }

    /// <summary>Fails every request at once with a reason, for servers that cannot be reached from here.</summary>
    private sealed class UnreachableHandler(string reason) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ProxyTunnelError, reason));
    }
}
