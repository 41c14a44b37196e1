using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.DevHost;
using Flash.DevHost.Store;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>
/// The dev host as the README's run command starts it, but on free loopback ports, with a fresh state folder, an
/// in-memory mock and every log line captured at Trace.
/// </summary>
internal sealed class DevHostHarness : IAsyncDisposable
{
    private readonly TemporaryDirectory _state;

    private DevHostHarness(FlashDevHost host, TemporaryDirectory state, CapturedLogs logs)
    {
        Host = host;
        _state = state;
        Logs = logs;
    }

    public FlashDevHost Host { get; }

    /// <summary>The dev host's state folder: its settings (BTCPay's settings store), key ring and nothing else of the plugin's.</summary>
    public string StateDirectory => _state.Path;

    public CapturedLogs Logs { get; }

    public MockFlashServer Mock => Host.Mock!;

    public string SessionToken => Mock.Demo.SessionToken;

    public FlashStoreConnectionRepository Connections => Host.Services.GetRequiredService<FlashStoreConnectionRepository>();

    public FlashStoreConnector Connector => Host.Services.GetRequiredService<FlashStoreConnector>();

    public ApiTokenProtector Protector => Host.Services.GetRequiredService<ApiTokenProtector>();

    public Uri SettingsPath => new($"/plugins/{DemoStore.DemoId}/flash", UriKind.Relative);

    public static async Task<DevHostHarness> StartAsync(Action<MockFlashServerOptions>? configureMock = null,
        Func<BTCPayServer.Abstractions.Contracts.ISettingsRepository, BTCPayServer.Abstractions.Contracts.ISettingsRepository>? wrapSettings = null)
    {
        var state = new TemporaryDirectory();
        var logs = new CapturedLogs();
        try
        {
            var host = await FlashDevHost.StartAsync(new DevHostOptions
            {
                Urls = "http://127.0.0.1:0",
                MockUrls = "http://127.0.0.1:0",
                MockDatabasePath = ":memory:",
                StateDirectory = state.Path,
                ConfigureMock = configureMock,
                WrapSettings = wrapSettings,
                Logging = builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs),
            });
            return new DevHostHarness(host, state, logs);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects the demo store without the browser, for tests about what comes after: to the demo account, or to the
    /// mock account whose session is <paramref name="sessionToken"/>.
    /// </summary>
    public Task<ConnectedStore> ConnectAsync(TimeSpan? lifetime = null, string? sessionToken = null) =>
        Host.Services.GetRequiredService<FlashStoreConnector>().ConnectAsync(
            DemoStore.DemoId, FlashEndpoints.For(Mock.GraphQLUri), sessionToken ?? SessionToken,
            new ApiTokenRequest("BTCPay Server Demo Store", lifetime ?? TimeSpan.FromDays(365)));

    public async Task<FlashStoreConnection> StoredConnectionAsync() =>
        await Connections.GetAsync(DemoStore.DemoId) ?? throw new InvalidOperationException("The demo store is not connected");

    /// <summary>What must never reach a page, a URL or a log: the session, the stored blob and the token inside it.</summary>
    public async Task<IReadOnlyList<string>> SecretsAsync()
    {
        var secrets = new List<string> { SessionToken };
        if (await Connections.GetAsync(DemoStore.DemoId) is { } connection)
        {
            secrets.Add(connection.ProtectedToken);
            try
            {
                secrets.Add(Protector.Unprotect(connection.ProtectedToken, "test").Value);
            }
            catch (FlashReconnectRequiredException)
            {
                // A blob from another key ring: only the blob itself is known here.
            }
        }
        return secrets;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _state.Dispose();
    }
}
