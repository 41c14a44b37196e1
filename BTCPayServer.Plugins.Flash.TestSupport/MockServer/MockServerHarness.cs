using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>Starts an in-memory mock server for one test, with a probe pointed at it.</summary>
internal sealed class MockServerHarness : IAsyncDisposable
{
    private MockServerHarness(MockFlashServer server)
    {
        Server = server;
        Http = new GraphQLHttpProbe(server.GraphQLUri);
    }

    public MockFlashServer Server { get; }

    public GraphQLHttpProbe Http { get; }

    public string SessionToken => Server.Demo.SessionToken;

    public static async Task<MockServerHarness> StartAsync(TokenDialect dialect = TokenDialect.Both, Action<MockFlashServerOptions>? configure = null)
    {
        var options = new MockFlashServerOptions { Dialect = dialect, DatabasePath = ":memory:", EnableControlApi = true };
        configure?.Invoke(options);
        return new MockServerHarness(await MockFlashServer.StartAsync(options));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
