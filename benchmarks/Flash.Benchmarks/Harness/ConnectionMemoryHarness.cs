using System.Globalization;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NBitcoin;

namespace Flash.Benchmarks.Harness;

/// <summary>
/// What the connection-string handler keeps per distinct connection string, in retained bytes: N strings each used
/// for one real call (so its account's session is opened and its token decrypted), then left idle past the timeout.
/// A count and a ratio, not a time: the retained heap per live entry, and what is left once they are idle.
/// </summary>
internal static class ConnectionMemoryHarness
{
    private const int Capacity = 10_000;
    private const long MaxBytesPerEntry = 5 * 1024;

    public static async Task<bool> RunAsync()
    {
        await using var mock = await MockFlashServer.StartAsync(new MockFlashServerOptions
        {
            Dialect = TokenDialect.Seed,
            DatabasePath = ":memory:",
            DefaultRateLimitPerMinute = int.MaxValue,
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Warning));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<ISettingsRepository, MemorySettingsRepository>();
        services.AddSingleton<TimeProvider>(time);
        new FlashPlugin().Execute(services);
        services.Configure<FlashConnectionsOptions>(o => o.Capacity = Capacity);
        await using var provider = services.BuildServiceProvider();
        var handler = provider.GetRequiredService<ILightningConnectionStringHandler>();
        var connections = provider.GetRequiredService<FlashConnections>();
        var protector = provider.GetRequiredService<ApiTokenProtector>();
        var endpoints = FlashEndpoints.For(mock.GraphQLUri, mock.WebSocketUri);
        var token = (await provider.GetRequiredService<ApiTokenProvisioner>()
            .ProvisionAsync(endpoints, mock.Demo.SessionToken, new ApiTokenRequest("memory harness", null))).Token;

        Console.WriteLine("| connection strings | live entries (states / sessions) | retained | per live entry | after the idle timeout |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var ok = true;
        foreach (var count in new[] { 1_000, 20_000 })
        {
            // Each protection of the same token is a distinct blob, so each string is distinct.
            var strings = Enumerable.Range(0, count)
                .Select(_ => new FlashConnectionString { Endpoints = endpoints, ProtectedToken = protector.Protect(token) }.ToConnectionString())
                .ToList();
            var before = Retained();
            foreach (var connectionString in strings)
                await handler.Create(connectionString, Network.RegTest, out _).GetInfo();
            var live = connections.StateCount;
            var sessions = connections.SessionCount;
            var retained = Retained() - before;
            var perEntry = retained / Math.Max(1, live);

            time.Advance(provider.GetRequiredService<IOptions<FlashConnectionsOptions>>().Value.IdleTimeout + TimeSpan.FromMinutes(1));
            await handler.Create(strings[0], Network.RegTest, out _).GetInfo();
            strings.Clear();
            var left = Retained() - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count:N0} | {live:N0} / {sessions:N0} | {retained / 1024.0:N0} KiB | {perEntry:N0} B | {left / 1024.0:N0} KiB ({connections.StateCount} entry) |"));
            ok &= Report(live <= Capacity && sessions <= Capacity, $"entries stay within the capacity ({Capacity:N0}) for {count:N0} strings: {live:N0} states, {sessions:N0} sessions");
            ok &= Report(perEntry <= MaxBytesPerEntry, $"retained memory per live entry for {count:N0} strings: {perEntry:N0} bytes (limit {MaxBytesPerEntry:N0})");
            ok &= Report(left <= retained / 20, $"memory released after the idle timeout for {count:N0} strings: {left / 1024.0:N0} KiB left of {retained / 1024.0:N0} KiB (limit 5%)");
        }
        return ok;
    }

    private static bool Report(bool met, string what)
    {
        Console.WriteLine($"target {(met ? "met" : "MISSED")}: {what}");
        return met;
    }

    private static long Retained()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
