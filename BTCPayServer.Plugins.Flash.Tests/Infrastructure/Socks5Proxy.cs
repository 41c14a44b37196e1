using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// A SOCKS5 proxy on 127.0.0.1 (a free port) that stands in for Tor (RFC 1928: "no authentication" only, CONNECT
/// only). Whatever destination a client names, the tunnel goes to one fixed loopback target, as Tor would reach
/// the onion service; each destination is recorded as the client sent it, so a test sees whether a name went to
/// the proxy as a name (ATYP 3) or was resolved first.
/// </summary>
internal sealed class Socks5Proxy : IAsyncDisposable
{
    private const byte Version = 5;
    private const byte NoAuthentication = 0;
    private const byte NoAcceptableMethod = 0xFF;
    private const byte Connect = 1;
    private const byte Succeeded = 0;
    private const byte ConnectionRefused = 5;
    private const byte CommandNotSupported = 7;
    private const byte AddressTypeNotSupported = 8;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Socks5Tunnel> _tunnels = new();
    private readonly ConcurrentQueue<Task> _clients = new();
    private readonly Task _accepting;
    private int _connections;

    private Socks5Proxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>BTCPay's <c>socksendpoint</c> for this proxy: <c>127.0.0.1:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every CONNECT asked for, in order.</summary>
    public IReadOnlyCollection<Socks5Tunnel> Tunnels => _tunnels;

    /// <summary>TCP connections accepted, whether or not they got as far as a CONNECT.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a proxy whose every tunnel leads to <paramref name="target"/> (a loopback port).</summary>
    public static Socks5Proxy Start(IPEndPoint target) => new(target);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_clients);
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _clients.Enqueue(ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var clientStream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (await NegotiateAsync(clientStream) is not { } tunnel)
                return;
            using var target = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await target.ConnectAsync(_target, _stopping.Token);
            }
            catch (SocketException)
            {
                await ReplyAsync(clientStream, ConnectionRefused);
                return;
            }
            await ReplyAsync(clientStream, Succeeded);
            using var targetStream = new NetworkStream(target, ownsSocket: false);
            var request = new HeadRecorder("\r\n\r\n"u8.ToArray(), head =>
            {
                var lines = head.Split("\r\n");
                tunnel.RequestLine = lines[0];
                tunnel.IsWebSocketUpgrade = lines.Skip(1).Any(l => l.StartsWith("upgrade:", StringComparison.OrdinalIgnoreCase)
                    && l["upgrade:".Length..].Trim().Equals("websocket", StringComparison.OrdinalIgnoreCase));
            });
            var response = new HeadRecorder("\r\n"u8.ToArray(), line => tunnel.ResponseLine = line);
            await Task.WhenAll(
                PumpAsync(clientStream, targetStream, target, request),
                PumpAsync(targetStream, clientStream, client, response));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException)
        {
            // A client or target that went away ends its tunnel; what was recorded stays.
        }
    }

    /// <summary>The method negotiation and the CONNECT request; null when the client is answered with a refusal.</summary>
    private async Task<Socks5Tunnel?> NegotiateAsync(NetworkStream client)
    {
        var greeting = new byte[2];
        await client.ReadExactlyAsync(greeting, _stopping.Token);
        var methods = new byte[greeting[1]];
        await client.ReadExactlyAsync(methods, _stopping.Token);
        if (greeting[0] != Version || !methods.Contains(NoAuthentication))
        {
            await client.WriteAsync(new byte[] { Version, NoAcceptableMethod }, _stopping.Token);
            return null;
        }
        await client.WriteAsync(new byte[] { Version, NoAuthentication }, _stopping.Token);

        var header = new byte[4];
        await client.ReadExactlyAsync(header, _stopping.Token);
        string host;
        switch (header[3])
        {
            case Socks5Tunnel.IPv4 or Socks5Tunnel.IPv6:
                var address = new byte[header[3] == Socks5Tunnel.IPv4 ? 4 : 16];
                await client.ReadExactlyAsync(address, _stopping.Token);
                host = new IPAddress(address).ToString();
                break;
            case Socks5Tunnel.DomainName:
                var length = new byte[1];
                await client.ReadExactlyAsync(length, _stopping.Token);
                var name = new byte[length[0]];
                await client.ReadExactlyAsync(name, _stopping.Token);
                host = Encoding.ASCII.GetString(name);
                break;
            default:
                await ReplyAsync(client, AddressTypeNotSupported);
                return null;
        }
        var port = new byte[2];
        await client.ReadExactlyAsync(port, _stopping.Token);
        var tunnel = new Socks5Tunnel(header[3], host, BinaryPrimitives.ReadUInt16BigEndian(port));
        _tunnels.Enqueue(tunnel);
        if (header[0] != Version || header[1] != Connect)
        {
            await ReplyAsync(client, CommandNotSupported);
            return null;
        }
        return tunnel;
    }

    /// <summary>A reply with a bound address of 0.0.0.0:0: clients only need the status.</summary>
    private async Task ReplyAsync(NetworkStream client, byte status) =>
        await client.WriteAsync(new byte[] { Version, status, 0, Socks5Tunnel.IPv4, 0, 0, 0, 0, 0, 0 }, _stopping.Token);

    /// <summary>Copies one direction until it ends, then ends the other side's sending half.</summary>
    private async Task PumpAsync(Stream from, Stream to, Socket toSocket, HeadRecorder recorder)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            recorder.Observe(buffer.AsSpan(0, read));
            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
        if (toSocket.Connected)
            toSocket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Keeps the first bytes of a direction until <c>end</c> is seen, and hands them over once as text.</summary>
    private sealed class HeadRecorder(byte[] end, Action<string> seen)
    {
        private const int Limit = 16 * 1024;
        private readonly List<byte> _head = [];
        private bool _done;

        public void Observe(ReadOnlySpan<byte> bytes)
        {
            if (_done)
                return;
            _head.AddRange(bytes);
            var at = CollectionsMarshal.AsSpan(_head).IndexOf(end);
            if (at < 0 && _head.Count < Limit)
                return;
            _done = true;
            seen(Encoding.ASCII.GetString(_head.ToArray(), 0, at < 0 ? _head.Count : at));
        }
    }
}
