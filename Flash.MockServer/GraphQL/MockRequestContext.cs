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
    public MockRequestContext(Caller caller, IPAddress? remoteIp, RequestChannel channel)
    {
        Caller = caller;
        RemoteIp = remoteIp;
        Channel = channel;
    }

    public Caller Caller { get; }

    public IPAddress? RemoteIp { get; }

    public RequestChannel Channel { get; }
}
