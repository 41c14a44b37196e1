using System.Net.Http.Headers;
using System.Text;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BenchmarkDotNet.Attributes;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
            RateLimitPerMinuteForAll = int.MaxValue,
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

    /// <summary>Creates a <c>flash_</c> token with Flash's API token service (WebSocket, demo session) with the plugin's own provisioner.</summary>
    private static async Task<string> ProvisionAsync(MockFlashServer server)
    {
        using var http = new HttpClient();
        var provisioner = new ApiTokenProvisioner(new FlashTransports(new SingleClientFactory(http), Options.Create(new FlashTorOptions()), TimeProvider.System, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        var provisioned = await provisioner.ProvisionAsync(FlashEndpoints.For(server.GraphQLUri, server.WebSocketUri), server.Demo.SessionToken,
            new ApiTokenRequest("benchmark", null));
        return provisioned.Token.ToAuthHeader().Value["Bearer ".Length..];
    }
}
