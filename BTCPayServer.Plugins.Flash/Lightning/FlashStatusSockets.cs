using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// The WebSockets that carry invoice status subscriptions, shared by every listener of the process: one BTCPay Server
/// hosting a thousand Flash stores holds one socket per Flash server, not one per store (the subscription is public,
/// so no store's credential is on it). A server's sockets live while some listener holds a <see cref="Lease"/> on it;
/// a socket carries at most <see cref="MaxSubscriptionsPerSocket"/> subscriptions, and only beyond that is another
/// one opened. Each listener still subscribes only to its own store's invoices.
/// </summary>
internal sealed class FlashStatusSockets(Func<FlashEndpoints, GraphQLWebSocketClient> open, int maxSubscriptionsPerSocket)
{
    private readonly Dictionary<Uri, Server> _servers = [];

    public int MaxSubscriptionsPerSocket { get; } = maxSubscriptionsPerSocket > 0
        ? maxSubscriptionsPerSocket
        : throw new ArgumentOutOfRangeException(nameof(maxSubscriptionsPerSocket), "At least one subscription a socket");

    /// <summary>How many sockets are open or opening now, over all servers.</summary>
    public int OpenSockets
    {
        get
        {
            lock (_servers)
                return _servers.Values.Sum(s => s.Slots.Count);
        }
    }

    /// <summary>Holds the server's sockets open until the lease is disposed (a listener takes one per server it watches).</summary>
    public Lease Acquire(FlashEndpoints server)
    {
        ArgumentNullException.ThrowIfNull(server);
        lock (_servers)
        {
            if (!_servers.TryGetValue(server.WebSocket, out var entry))
                _servers.Add(server.WebSocket, entry = new Server(server));
            entry.Leases++;
            return new Lease(this, entry);
        }
    }

    private Slot Reserve(Server server)
    {
        lock (_servers)
        {
            // The last lease may have been released between the caller's check and here: open nothing for it then.
            ObjectDisposedException.ThrowIf(server.Leases == 0, typeof(Lease));
            var slot = server.Slots.FirstOrDefault(s => s.Subscriptions < MaxSubscriptionsPerSocket);
            if (slot is null)
                server.Slots.Add(slot = new Slot(open(server.Endpoints)));
            slot.Subscriptions++;
            return slot;
        }
    }

    private GraphQLWebSocketClient? Unreserve(Server server, Slot slot)
    {
        lock (_servers)
        {
            slot.Subscriptions--;
            // A socket opened for the overflow closes once it carries nothing; the first stays for the next invoice.
            if (slot.Subscriptions > 0 || server.Slots.Count == 1 || !server.Slots.Remove(slot))
                return null;
            return slot.Client;
        }
    }

    private GraphQLWebSocketClient[] Release(Server server)
    {
        lock (_servers)
        {
            if (--server.Leases > 0)
                return [];
            _servers.Remove(server.Endpoints.WebSocket);
            var clients = server.Slots.Select(s => s.Client).ToArray();
            server.Slots.Clear();
            return clients;
        }
    }

    /// <summary>A listener's hold on one server's sockets.</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private readonly FlashStatusSockets _owner;
        private readonly Server _server;
        private int _disposed;

        internal Lease(FlashStatusSockets owner, Server server)
        {
            _owner = owner;
            _server = server;
        }

        /// <summary>A socket with room for one more subscription, held until the returned reservation is disposed.</summary>
        /// <exception cref="ObjectDisposedException">The lease was disposed.</exception>
        public Reservation Reserve()
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Reservation(_owner, _server, _owner.Reserve(_server));
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            foreach (var client in _owner.Release(_server))
                await client.DisposeAsync();
        }
    }

    /// <summary>One subscription's place on a socket.</summary>
    public sealed class Reservation : IAsyncDisposable
    {
        private readonly FlashStatusSockets _owner;
        private readonly Server _server;
        private readonly Slot _slot;
        private int _disposed;

        internal Reservation(FlashStatusSockets owner, Server server, Slot slot)
        {
            _owner = owner;
            _server = server;
            _slot = slot;
        }

        public GraphQLWebSocketClient Socket => _slot.Client;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            if (_owner.Unreserve(_server, _slot) is { } emptied)
                await emptied.DisposeAsync();
        }
    }

    internal sealed class Server(FlashEndpoints endpoints)
    {
        public FlashEndpoints Endpoints { get; } = endpoints;

        public List<Slot> Slots { get; } = [];

        public int Leases { get; set; }
    }

    internal sealed class Slot(GraphQLWebSocketClient client)
    {
        public GraphQLWebSocketClient Client { get; } = client;

        public int Subscriptions { get; set; }
    }
}
