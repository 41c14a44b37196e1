using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// The plugin's services as BTCPay Server builds them (<see cref="FlashPlugin.Execute(IServiceCollection)"/>), on
/// what BTCPay supplies: a DataProtection key ring in a folder, a settings repository in a folder, logging. Disposing
/// and starting it again on the same folders is a BTCPay restart: everything in memory is gone, the folders stay.
/// </summary>
internal sealed class PluginHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PluginHost(ServiceProvider services, CapturedLogs logs)
    {
        _services = services;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public FlashStoreConnector Connector => _services.GetRequiredService<FlashStoreConnector>();

    public FlashStoreConnectionRepository Connections => _services.GetRequiredService<FlashStoreConnectionRepository>();

    public ApiTokenAdministration Administration => _services.GetRequiredService<ApiTokenAdministration>();

    public ApiTokenProtector Protector => _services.GetRequiredService<ApiTokenProtector>();

    public IKeyManager KeyManager => _services.GetRequiredService<IKeyManager>();

    /// <param name="keys">BTCPay's key ring folder.</param>
    /// <param name="settings">The settings repository BTCPay hands the plugin.</param>
    /// <param name="time">BTCPay's clock (the system's when null).</param>
    public static PluginHost Start(string keys, ISettingsRepository settings, TimeProvider? time = null)
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddDataProtection().SetApplicationName("BTCPay Server").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddSingleton(settings);
        if (time is not null)
            services.AddSingleton(time);
        new FlashPlugin().Execute(services);
        return new PluginHost(services.BuildServiceProvider(), logs);
    }

    /// <summary>Starts on a settings folder, with the dev host's file-backed settings repository (BTCPay's format).</summary>
    public static PluginHost Start(string keys, string settings, TimeProvider? time = null) =>
        Start(keys, new FileSettingsRepository(settings), time);

    /// <summary>Connects <paramref name="storeId"/> to <paramref name="mock"/> as the settings page does, with the session given (the demo account's by default).</summary>
    public Task<ConnectedStore> ConnectAsync(MockFlashServer mock, string storeId, string? sessionToken = null) =>
        Connector.ConnectAsync(storeId, FlashEndpoints.For(mock.GraphQLUri, mock.WebSocketUri), sessionToken ?? mock.Demo.SessionToken,
            new ApiTokenRequest("BTCPay Server " + storeId, null));

    /// <summary>A client for the store's Lightning connection string, made as BTCPay makes one for each call.</summary>
    public async Task<ILightningClient> ClientAsync(string storeId)
    {
        var saved = await Connections.GetAsync(storeId) ?? throw new InvalidOperationException($"Store {storeId} is not connected");
        return Client(FlashStoreConnectionRepository.LightningConnectionStringFor(storeId, saved));
    }

    /// <summary>A client for a Lightning connection string BTCPay holds, made as BTCPay makes one for each call.</summary>
    public ILightningClient Client(string connectionString) =>
        _services.GetRequiredService<ILightningConnectionStringHandler>().Create(connectionString, Network.RegTest, out var error)
            ?? throw new InvalidOperationException(error);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
