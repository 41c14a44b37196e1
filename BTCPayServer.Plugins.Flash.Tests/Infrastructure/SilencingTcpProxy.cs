using System.Net;
using System.Net.Sockets;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback to another port that can go silent the way a NAT or proxy that dropped a connection does:
/// after <see cref="Silence"/>, the connections it carries stop passing bytes either way, and nothing is closed, so
/// neither end learns of it. Connections made afterwards pass again, as through a NAT that lost its mapping.
/// </summary>
internal sealed class SilencingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> _relayed = [];
    private readonly Task _accepting;
    private int _generation;
    private int _connections;

    public SilencingTcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections it has relayed.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary><paramref name="uri"/> with its port replaced by this relay's.</summary>
    public Uri Through(Uri uri) => new UriBuilder(uri) { Port = Port }.Uri;

    /// <summary>The connections open now stop passing bytes, without closing.</summary>
    public void Silence() => Interlocked.Increment(ref _generation);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(_target, _stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_relayed)
                    _relayed.Add((client, upstream));
                var generation = Volatile.Read(ref _generation);
                _ = PumpAsync(client.GetStream(), upstream.GetStream(), generation);
                _ = PumpAsync(upstream.GetStream(), client.GetStream(), generation);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, int generation)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0 || Volatile.Read(ref _generation) != generation)
                {
                    if (read == 0)
                        return;
                    // Silenced: hold the connection open and pass nothing more, as a dropped NAT mapping does.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_relayed)
        {
            foreach (var (client, upstream) in _relayed)
            {
                client.Dispose();
                upstream.Dispose();
            }
        }
        _stop.Dispose();
    }
}
