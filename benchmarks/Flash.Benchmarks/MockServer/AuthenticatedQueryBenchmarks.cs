using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Flash.MockServer.Hosting;

namespace Flash.Benchmarks.MockServer;

/// <summary>
/// What authentication adds to a request: an authenticated <c>me</c> against an unauthenticated
/// <c>{ __typename }</c> on the same server, over real loopback HTTP, in the same run.
/// </summary>
[MemoryDiagnoser]
public class AuthenticatedQueryBenchmarks
{
    private MockFlashServer _server = null!;
    private HttpClient _http = null!;
    private string _token = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await MockFlashServer.StartAsync(new MockFlashServerOptions
        {
            Dialect = TokenDialect.Seed,
            DatabasePath = ":memory:",
            DefaultRateLimitPerMinute = int.MaxValue,
        });
        _http = new HttpClient { BaseAddress = _server.GraphQLUri };
        _token = await ProvisionAsync(_server);
        await AuthenticatedMe();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<string> UnauthenticatedTypename() => PostAsync("""{"query":"{ __typename }"}""", null);

    [Benchmark]
    public Task<string> AuthenticatedTypename() => PostAsync("""{"query":"{ __typename }"}""", _token);

    [Benchmark]
    public Task<string> AuthenticatedMe() => PostAsync("""{"query":"{ me { id } }"}""", _token);

    private async Task<string> PostAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Creates a token the seed way, over the WebSocket with the demo session.</summary>
    private static async Task<string> ProvisionAsync(MockFlashServer server)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = new { Authorization = "Bearer " + server.Demo.SessionToken } });
        await ReceiveAsync(socket);
        await SendAsync(socket, new
        {
            id = "1",
            type = "subscribe",
            payload = new { query = "mutation { apiTokenCreate(input: { name: \"benchmark\", scopes: [read] }) { apiToken { token } } }" },
        });
        var next = await ReceiveAsync(socket);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return next.GetProperty("payload").GetProperty("data").GetProperty("apiTokenCreate").GetProperty("apiToken").GetProperty("token").GetString()!;
    }

    private static Task SendAsync(System.Net.WebSockets.ClientWebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(System.Net.WebSockets.ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
    }
}
