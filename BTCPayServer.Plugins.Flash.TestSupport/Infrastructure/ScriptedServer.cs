using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) at <c>/graphql</c> that answers HTTP with queued canned
/// responses and runs a script per WebSocket connection, so clients are tested over real loopback sockets.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedHttpResponse> _responses = new();
    private readonly ConcurrentQueue<Exception> _scriptFailures = new();
    private int _webSocketConnections;
    private int _webSocketOperations;

    private ScriptedServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        HttpEndpoint = new Uri(baseAddress, "/graphql");
        WebSocketEndpoint = new UriBuilder(HttpEndpoint) { Scheme = "ws" }.Uri;
    }

    public Uri HttpEndpoint { get; }

    public Uri WebSocketEndpoint { get; }

    public ConcurrentQueue<RecordedHttpRequest> Requests { get; } = new();

    public int WebSocketConnections => Volatile.Read(ref _webSocketConnections);

    /// <summary><c>subscribe</c> messages the scripts have read, over every connection.</summary>
    public int WebSocketOperations => Volatile.Read(ref _webSocketOperations);

    /// <summary>Runs once per WebSocket connection; when it returns, the server waits for the client to close.</summary>
    public Func<ScriptedWebSocket, Task> WebSocketScript { get; set; } = socket => Task.CompletedTask;

    /// <summary>False accepts WebSocket upgrades without agreeing to any subprotocol.</summary>
    public bool AcceptSubProtocol { get; set; } = true;

    /// <summary>When set, WebSocket upgrades are refused with this HTTP status.</summary>
    public int? RejectWebSocketStatus { get; set; }

    /// <summary>With <see cref="RejectWebSocketStatus"/>, the refusal's Location header: a redirect.</summary>
    public Uri? RejectWebSocketLocation { get; set; }

    /// <summary>Subprotocols the clients asked for, per connection.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> RequestedSubProtocols { get; } = new();

    public static async Task<ScriptedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        ScriptedServer? server = null;
        app.Map("/graphql", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new ScriptedServer(app, new Uri(address));
        return server;
    }

    public void Enqueue(params ScriptedHttpResponse[] responses)
    {
        foreach (var response in responses)
            _responses.Enqueue(response);
    }

    /// <summary>Stops the server; a script that threw fails the test here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_scriptFailures.IsEmpty)
            throw new AggregateException("A WebSocket script failed", _scriptFailures);
    }

    private Task HandleAsync(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest ? RunWebSocketAsync(context) : AnswerHttpAsync(context);

    private async Task AnswerHttpAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedHttpRequest(
            context.Request.Method,
            context.Request.Path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));

        if (!_responses.TryDequeue(out var response))
        {
            context.Response.StatusCode = 599;
            return;
        }
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        if (response.ContentType is not null)
            context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
            context.Response.Headers[name] = value;
        if (response.DeclareLength)
            context.Response.ContentLength = response.Body.Length;

        if (response.DropConnectionAfterBytes is { } sent)
        {
            await context.Response.Body.WriteAsync(response.Body.AsMemory(0, sent), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    private async Task RunWebSocketAsync(HttpContext context)
    {
        if (RejectWebSocketStatus is { } status)
        {
            context.Response.StatusCode = status;
            if (RejectWebSocketLocation is { } location)
                context.Response.Headers.Location = location.ToString();
            return;
        }
        Interlocked.Increment(ref _webSocketConnections);
        var requested = context.WebSockets.WebSocketRequestedProtocols.ToList();
        RequestedSubProtocols.Enqueue(requested);
        var subProtocol = AcceptSubProtocol ? requested.FirstOrDefault() : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subProtocol });
        var scripted = new ScriptedWebSocket(socket, context.RequestAborted, () => Interlocked.Increment(ref _webSocketOperations));
        try
        {
            await WebSocketScript(scripted);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await scripted.ExpectCloseAsync();
        }
        catch (Exception ex) when (ex is WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely }
                                   || (ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // The client dropped the connection; that is for the test to judge, not the script.
        }
        catch (Exception ex)
        {
            _scriptFailures.Enqueue(ex);
        }
    }
}
