namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>Base of test classes that talk to a fresh <see cref="ScriptedServer"/> per test over loopback.</summary>
public abstract class ScriptedServerTest : IAsyncLifetime
{
    private ScriptedServer? _server;

    private protected ScriptedServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync");

    /// <summary>One pooled client per test, as IHttpClientFactory would hand out.</summary>
    protected HttpClient HttpClient { get; } = new();

    public async Task InitializeAsync() => _server = await ScriptedServer.StartAsync();

    public async Task DisposeAsync()
    {
        HttpClient.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
