using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// A mock Flash server that can be restarted: its SQLite file and its address stay, its memory (sockets, faults,
/// sessions' WebSockets) goes, as when Flash's server restarts. The demo account signs in again after each start.
/// </summary>
internal sealed class RestartableMock : IAsyncDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private readonly TokenDialect _dialect;
    private bool _running;

    private RestartableMock(TokenDialect dialect) => _dialect = dialect;

    public MockFlashServer Server { get; private set; } = null!;

    public static async Task<RestartableMock> StartAsync(TokenDialect dialect)
    {
        var mock = new RestartableMock(dialect);
        await mock.StartOnAsync("http://127.0.0.1:0");
        return mock;
    }

    /// <summary>Stops the server; it refuses connections until <see cref="StartAgainAsync"/>.</summary>
    public async ValueTask StopAsync()
    {
        _running = false;
        await Server.DisposeAsync();
    }

    /// <summary>Starts it again on the same address and database.</summary>
    public Task StartAgainAsync() => StartOnAsync($"http://127.0.0.1:{Server.BaseUri.Port}");

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
            await Server.DisposeAsync();
        _folder.Dispose();
    }

    private async Task StartOnAsync(string urls)
    {
        Server = await MockFlashServer.StartAsync(new MockFlashServerOptions
        {
            Dialect = _dialect,
            DatabasePath = Path.Combine(_folder.Path, "flash-mock.db"),
            Urls = urls,
            EnableControlApi = true,
        });
        _running = true;
    }
}
