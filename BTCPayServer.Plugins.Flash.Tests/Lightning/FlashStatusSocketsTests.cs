using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Lightning;

/// <summary>How the process-wide status sockets are shared: by lease per server, spread only past the per-socket limit.</summary>
public sealed class FlashStatusSocketsTests
{
    private static readonly FlashEndpoints ServerA = FlashEndpoints.For(new Uri("http://127.0.0.1:9/graphql"), new Uri("ws://127.0.0.1:9/graphql"));
    private static readonly FlashEndpoints ServerB = FlashEndpoints.For(new Uri("http://127.0.0.2:9/graphql"), new Uri("ws://127.0.0.2:9/graphql"));
    private readonly List<GraphQLWebSocketClient> _opened = [];

    [Fact]
    public async Task Listeners_of_one_server_share_its_socket_and_the_last_lease_closes_it()
    {
        var sockets = new FlashStatusSockets(Open, maxSubscriptionsPerSocket: 100);
        var first = sockets.Acquire(ServerA);
        var second = sockets.Acquire(ServerA);
        await using var a = first.Reserve();
        await using var b = second.Reserve();
        var shared = a.Socket == b.Socket;

        await first.DisposeAsync();
        var openAfterFirst = sockets.OpenSockets;
        await second.DisposeAsync();

        Assert.True(shared);
        Assert.Equal((1, 0, 1), (openAfterFirst, sockets.OpenSockets, _opened.Count));
        Assert.Throws<ObjectDisposedException>(() => second.Reserve());
    }

    [Fact]
    public async Task Another_socket_opens_only_past_the_limit_and_closes_once_it_carries_nothing()
    {
        var sockets = new FlashStatusSockets(Open, maxSubscriptionsPerSocket: 2);
        await using var lease = sockets.Acquire(ServerA);
        var reservations = Enumerable.Range(0, 5).Select(_ => lease.Reserve()).ToList();
        var whilePeak = sockets.OpenSockets;

        await reservations[4].DisposeAsync();
        var afterOverflowEmptied = sockets.OpenSockets;
        foreach (var reservation in reservations.Take(4))
            await reservation.DisposeAsync();

        Assert.Equal((3, 2, 1), (whilePeak, afterOverflowEmptied, sockets.OpenSockets));
    }

    [Fact]
    public async Task Each_server_has_its_own_sockets()
    {
        var sockets = new FlashStatusSockets(Open, maxSubscriptionsPerSocket: 100);
        await using var a = sockets.Acquire(ServerA);
        await using var b = sockets.Acquire(ServerB);

        await using var onA = a.Reserve();
        await using var onB = b.Reserve();

        Assert.NotEqual(onA.Socket, onB.Socket);
        Assert.Equal(2, sockets.OpenSockets);
    }

    private GraphQLWebSocketClient Open(FlashEndpoints server)
    {
        // Never connected: a client opens its socket only when an operation first needs it.
        var client = new GraphQLWebSocketClient(server.WebSocket);
        _opened.Add(client);
        return client;
    }
}
