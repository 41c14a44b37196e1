using System.Net;
using Flash.MockServer.Auth;

namespace Flash.MockServer.GraphQL;

internal enum RequestChannel
{
    Http,
    WebSocket,
}

/// <summary>Per-request facts resolvers need: who calls, from where, over which transport.</summary>
internal sealed class MockRequestContext : Dictionary<string, object?>
{
    public MockRequestContext(Caller caller, IPAddress? remoteIp, RequestChannel channel, bool showsUsdtCashWallet = false)
    {
        Caller = caller;
        RemoteIp = remoteIp;
        Channel = channel;
        ShowsUsdtCashWallet = showsUsdtCashWallet;
    }

    public Caller Caller { get; }

    public IPAddress? RemoteIp { get; }

    public RequestChannel Channel { get; }

    /// <summary>
    /// Whether the client declared <c>cash-wallet-usdt-v1</c> (read from HTTP requests; over the WebSocket nothing the
    /// mock serves depends on it, since <c>me</c> is a query and queries are not run there).
    /// </summary>
    public bool ShowsUsdtCashWallet { get; }
}
