using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>The plugin's token services as BTCPay would build them: real IHttpClientFactory, logs captured at Trace.</summary>
internal sealed class FlashServices : IDisposable
{
    private readonly ServiceProvider _provider;

    /// <param name="requests">Counts every request the plugin's HTTP client sends, when given.</param>
    public FlashServices(HttpRequestCounter? requests = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var client = services.AddHttpClient(FlashHttpClient.Name);
        if (requests is not null)
            client.AddHttpMessageHandler(requests.NewHandler);
        _provider = services.BuildServiceProvider();
        HttpClients = _provider.GetRequiredService<IHttpClientFactory>();
        LoggerFactory = _provider.GetRequiredService<ILoggerFactory>();
        Transports = new FlashTransports(HttpClients, Options.Create(new FlashTorOptions()), TimeProvider.System, LoggerFactory);
        Provisioner = new ApiTokenProvisioner(Transports, LoggerFactory);
        Administration = new ApiTokenAdministration(Transports);
    }

    public CapturedLogs Logs { get; } = new();

    public IHttpClientFactory HttpClients { get; }

    public FlashTransports Transports { get; }

    public ILoggerFactory LoggerFactory { get; }

    public ApiTokenProvisioner Provisioner { get; }

    public ApiTokenAdministration Administration { get; }

    public void Dispose() => _provider.Dispose();
}
