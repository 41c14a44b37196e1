namespace Flash.Benchmarks;

/// <summary>One HttpClient for every name: benchmarks measure a call, not the factory's handler rotation.</summary>
internal sealed class SingleClientFactory(HttpClient client) : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => client;
}
