using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.GraphQL;
using BenchmarkDotNet.Attributes;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Flash.Benchmarks.Plugin;

/// <summary>
/// What the plugin's transport and token layer add to a call: a warm authenticated query through
/// <see cref="GraphQLHttpTransport"/> (token decrypted once, cached) against a hand-written HttpClient POST of the
/// same bytes with the same header to the same loopback mock server; plus the warm header lookup alone.
/// </summary>
[MemoryDiagnoser]
public class AuthenticatedTransportBenchmarks
{
    private const string Query = "{ me { id } }";

    private MockFlashServer _server = null!;
    private HttpClient _http = null!;
    private GraphQLHttpTransport _transport = null!;
    private ApiTokenHeaderSource _header = null!;
    private byte[] _body = [];
    private AuthHeader _plainHeader;
    private DirectoryInfo _keys = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await MockFlashServer.StartAsync(new MockFlashServerOptions { Dialect = TokenDialect.Seed, DatabasePath = ":memory:", RateLimitPerMinuteForAll = int.MaxValue });
        _http = new HttpClient();
        _keys = Directory.CreateTempSubdirectory("flash-bench-keys-");
        var protector = new ApiTokenProtector(DataProtectionProvider.Create(_keys));
        var provisioner = new ApiTokenProvisioner(new FlashTransports(new SingleClientFactory(_http), Options.Create(new FlashTorOptions()), TimeProvider.System, NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        var endpoints = FlashEndpoints.For(_server.GraphQLUri, _server.WebSocketUri);
        var provisioned = await provisioner.ProvisionAsync(endpoints, _server.Demo.SessionToken, new ApiTokenRequest("benchmark", null));
        _plainHeader = provisioned.Token.ToAuthHeader();
        _header = ApiTokenHeaderSource.ForProtectedToken(protector.Protect(provisioned.Token), protector, endpoints.Server);
        _transport = new GraphQLHttpTransport(_http, _server.GraphQLUri, _header.Source);
        _body = JsonSerializer.SerializeToUtf8Bytes(new GraphQLRequest(Query), GraphQLJsonContext.Default.GraphQLRequest);
        await TransportQuery();
        await HandWrittenPost();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _keys.Delete(recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> HandWrittenPost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.GraphQLUri) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json, application/json;q=0.9");
        request.Headers.TryAddWithoutValidation(_plainHeader.Name, _plainHeader.Value);
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.GetProperty("data").GetProperty("me").GetProperty("id").GetString()!.Length;
    }

    [Benchmark]
    public async Task<int> TransportQuery()
    {
        var data = await _transport.ExecuteAsync(new GraphQLRequest(Query), OperationSafety.SafeToRepeat);
        return data.GetProperty("me").GetProperty("id").GetString()!.Length;
    }
}

/// <summary>The warm header lookup on its own: no allocation, no decryption.</summary>
[MemoryDiagnoser]
public class ApiTokenHeaderBenchmarks
{
    private ApiTokenHeaderSource _header = null!;
    private DirectoryInfo _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Directory.CreateTempSubdirectory("flash-bench-keys-");
        var protector = new ApiTokenProtector(DataProtectionProvider.Create(_keys));
        var token = FlashApiToken.Parse(Flash.MockServer.Auth.FlashTokenFormat.Generate());
        _header = ApiTokenHeaderSource.ForProtectedToken(protector.Protect(token), protector, "bench");
        _ = _header.Source(CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _keys.Delete(recursive: true);

    [Benchmark]
    public AuthHeader? WarmHeader() => _header.Source(CancellationToken.None).Result;
}
