using System.Diagnostics;
using System.Globalization;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace Flash.Benchmarks.Harness;

/// <summary>
/// A store's first checkout after BTCPay starts, which BTCPay cancels after 5 seconds: the plugin made as BTCPay
/// makes it, a mock Flash that takes 300 ms to answer every request, and the invoice asked for through the
/// connection-string handler. Reported as round trips (the store's token's requests, counted by the mock) and time,
/// against the warm invoice of the same store measured in the same run.
/// </summary>
internal static class ColdCheckoutHarness
{
    private const int LatencyMilliseconds = 300;
    private const int MaxRoundTrips = 2;
    private static readonly TimeSpan BTCPayBudget = TimeSpan.FromSeconds(5);

    public static async Task<bool> RunAsync()
    {
        await using var mock = await MockFlashServer.StartAsync(new MockFlashServerOptions
        {
            Dialect = TokenDialect.Seed,
            DatabasePath = ":memory:",
            DefaultRateLimitPerMinute = int.MaxValue,
        });
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Warning));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<ISettingsRepository, MemorySettingsRepository>();
        new FlashPlugin().Execute(services);
        await using var provider = services.BuildServiceProvider();
        var endpoints = FlashEndpoints.For(mock.GraphQLUri, mock.WebSocketUri);
        var provisioned = await provider.GetRequiredService<ApiTokenProvisioner>()
            .ProvisionAsync(endpoints, mock.Demo.SessionToken, new ApiTokenRequest("cold checkout harness", null));
        var connectionString = new FlashConnectionString
        {
            Endpoints = endpoints,
            ProtectedToken = provider.GetRequiredService<ApiTokenProtector>().Protect(provisioned.Token),
        }.ToConnectionString();
        var handler = provider.GetRequiredService<ILightningConnectionStringHandler>();
        // Every request from here on waits before it is answered, as over a slow link to Flash.
        mock.Services.Faults.Arm(new Fault(FaultKind.Delay, Remaining: 1_000, DelayMilliseconds: LatencyMilliseconds));

        var (cold, coldTrips) = await InvoiceAsync(handler, connectionString, mock, provisioned.Id);
        var (warm, warmTrips) = await InvoiceAsync(handler, connectionString, mock, provisioned.Id);

        Console.WriteLine($"| first invoice of a store ({LatencyMilliseconds} ms a request) | round trips | time |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| cold (after a start) | {coldTrips} | {cold.TotalMilliseconds:N0} ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| warm (baseline, same run) | {warmTrips} | {warm.TotalMilliseconds:N0} ms |"));
        var ok = Report(coldTrips <= MaxRoundTrips, $"cold checkout round trips: {coldTrips} (limit {MaxRoundTrips}; warm {warmTrips})");
        ok &= Report(cold < BTCPayBudget, string.Create(CultureInfo.InvariantCulture,
            $"cold checkout within BTCPay's {BTCPayBudget.TotalSeconds:0} s: {cold.TotalMilliseconds:N0} ms ({cold / warm:0.0}x the warm invoice)"));
        return ok;
    }

    private static async Task<(TimeSpan Time, long RoundTrips)> InvoiceAsync(ILightningConnectionStringHandler handler, string connectionString, MockFlashServer mock, string tokenId)
    {
        var before = await RequestsAsync(mock, tokenId);
        var clock = Stopwatch.StartNew();
        var client = handler.Create(connectionString, Network.RegTest, out _);
        await client.CreateInvoice(LightMoney.Satoshis(2_100), "cold checkout", TimeSpan.FromMinutes(15));
        clock.Stop();
        return (clock.Elapsed, await RequestsAsync(mock, tokenId) - before);
    }

    private static async Task<long> RequestsAsync(MockFlashServer mock, string tokenId) =>
        (await mock.Services.Credentials.ListAsync(mock.Demo.AccountId, CredentialKind.Token, CancellationToken.None)).Single(c => c.Id == tokenId).RequestCount;

    private static bool Report(bool met, string what)
    {
        Console.WriteLine($"target {(met ? "met" : "MISSED")}: {what}");
        return met;
    }
}
