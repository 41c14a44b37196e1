using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using BTCPayServer.Lightning;

namespace Flash.Benchmarks.Lightning;

/// <summary>
/// What the plugin adds to creating an invoice: <c>CreateInvoice</c> through a new <c>FlashLightningClient</c> on a
/// warm store connection (wallet and price cached: one request) against a hand-written HttpClient POST of the same
/// <c>lnUsdInvoiceCreate</c> document with the same variables, to the same mock, in the same run. Both create a real
/// signed invoice on the server; the client also decodes and verifies it.
/// </summary>
[MemoryDiagnoser]
// Ten iterations, not ShortRun's three: on a small shared machine three leave the ratio within the noise.
[WarmupCount(10)]
[IterationCount(10)]
public class InvoiceCreationBenchmarks
{
    private FlashStoreFixture _store = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await FlashStoreFixture.StartAsync();
        var wallet = _store.Server.Demo.Wallets.Single(w => w.Currency == "USD").Id;
        // The document and variables the client sends for 1000 sats at the mock's default $100,000: 100 cents.
        var query = System.Text.Json.JsonSerializer.Serialize(BTCPayServer.Plugins.Flash.FlashApi.FlashOperations.LnUsdInvoiceCreate.Document);
        _body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$$"""{"query":{{{{query}}}},"operationName":"LnUsdInvoiceCreate","variables":{"input":{"walletId":"{{{{wallet}}}}","amount":100,"memo":"benchmark","expiresIn":15}}}"""));
        await FlashStoreFixture.CreateInvoiceAsync(_store.NewClient());
        await HandWrittenPost();
    }

    [GlobalCleanup]
    public Task CleanupAsync() => _store.DisposeAsync().AsTask();

    [Benchmark(Baseline = true)]
    public async Task<string> HandWrittenPost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _store.Server.GraphQLUri) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/graphql-response+json, application/json;q=0.9");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _store.Token);
        using var response = await _store.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [Benchmark]
    public Task<LightningInvoice> CreateInvoiceThroughClient() => FlashStoreFixture.CreateInvoiceAsync(_store.NewClient());
}
