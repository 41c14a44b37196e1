using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using BTCPayServer.Abstractions.Contracts;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Flash.MockServer.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace Flash.Benchmarks.Harness;

/// <summary>
/// One BTCPay Server hosting many Flash stores, against the mock in its own process on loopback (so the plugin's
/// memory is measured alone): every store connected and listening through the handler as BTCPay does it, thousands of
/// invoices pending, then a steady stream of payments for a bounded time, then the rest paid. Counts and ratios: lost
/// and duplicated notifications, sockets per server, payment-to-WaitInvoice percentiles, authenticated requests per
/// invoice, retained memory per pending invoice and after the stream.
/// </summary>
internal static class SoakHarness
{
    public static async Task<bool> RunAsync(int stores = 1_000, int invoicesPerStore = 10, int paymentsPerSecond = 100, int streamSeconds = 30)
    {
        var pendingTotal = stores * invoicesPerStore;
        using var mock = await MockProcess.StartAsync();
        using var watchesMetric = ListenToWatches();
        var authenticated = new AuthenticatedRequestCounter();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Warning));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<ISettingsRepository, MemorySettingsRepository>();
        new FlashPlugin().Execute(services);
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new AuthenticatedRequestCounter.Handler(authenticated)));
        services.Configure<FlashConnectionsOptions>(o => o.ValidateLocalServers = true);
        await using var provider = services.BuildServiceProvider();
        var handler = provider.GetRequiredService<ILightningConnectionStringHandler>();
        var connections = provider.GetRequiredService<FlashConnections>();
        var storeConnections = provider.GetRequiredService<FlashStoreConnectionRepository>();
        var protector = provider.GetRequiredService<ApiTokenProtector>();
        var provisioner = provider.GetRequiredService<ApiTokenProvisioner>();
        var endpoints = FlashEndpoints.For(mock.GraphQLUri, mock.WebSocketUri);

        Console.WriteLine($"connecting {stores:N0} stores...");
        var clients = new ILightningClient[stores];
        await Parallel.ForAsync(0, stores, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var sessionToken = await mock.CreateAccountAsync($"store-{i}");
            var token = await provisioner.ProvisionAsync(endpoints, sessionToken, new ApiTokenRequest($"soak store {i}", null));
            var saved = new FlashStoreConnection { Server = endpoints.GraphQL, WebSocketServer = endpoints.WebSocket };
            saved.UseToken(token, protector.Protect(token.Token), DateTimeOffset.UtcNow);
            await storeConnections.SaveAsync($"store-{i}", saved);
            clients[i] = handler.Create(FlashStoreConnectionRepository.LightningConnectionStringFor($"store-{i}", saved), Network.RegTest, out var error)
                ?? throw new InvalidOperationException(error);
        });

        // Each store's listener, read as BTCPay's LightningListener reads it; every report is timed and counted.
        using var stop = new CancellationTokenSource();
        var received = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var reports = 0L;
        var listeners = new List<ILightningInvoiceListener>(stores);
        var reading = new List<Task>(stores);
        foreach (var client in clients)
        {
            var listener = await client.Listen();
            listeners.Add(listener);
            reading.Add(Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var invoice = await listener.WaitInvoice(stop.Token);
                        Interlocked.Increment(ref reports);
                        received.TryAdd(invoice.Id, Stopwatch.GetTimestamp());
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                }
            }));
        }
        // Each store's first invoice also reads its account (wallet and price, kept an hour): that is the store's
        // cost, not its invoices', so the counts and the memory baseline start after it.
        Console.WriteLine($"creating {pendingTotal:N0} invoices...");
        var invoices = new ConcurrentBag<LightningInvoice>();
        Task Create(int n) => clients[n % stores].CreateInvoice(LightMoney.Satoshis(1_000 + n), $"soak {n}", TimeSpan.FromHours(2)).ContinueWith(t => invoices.Add(t.Result), TaskScheduler.Default);
        await Parallel.ForAsync(0, stores, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (n, _) => await Create(n));
        await WaitUntilAsync(() => Watches() >= stores, TimeSpan.FromMinutes(1));
        var baseline = Retained();
        var authenticatedBefore = authenticated.Count;
        await Parallel.ForAsync(stores, pendingTotal, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (n, _) => await Create(n));
        var authenticatedForInvoices = authenticated.Count - authenticatedBefore;
        var measured = pendingTotal - stores;
        await WaitUntilAsync(() => Watches() >= pendingTotal, TimeSpan.FromMinutes(5));
        var pending = Retained();
        var perPending = (pending - baseline) / measured;
        var socketsPending = connections.PublicApi.StatusSockets.OpenSockets;

        Console.WriteLine($"paying {paymentsPerSecond} a second for {streamSeconds} s...");
        var order = invoices.OrderBy(_ => Random.Shared.Next()).ToList();
        var paidAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var maxSockets = socketsPending;
        var authenticatedBeforeStream = authenticated.Count;
        var streamed = 0;
        using (var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / paymentsPerSecond)))
        {
            var ends = Stopwatch.GetTimestamp() + (long)(streamSeconds * Stopwatch.Frequency);
            var paying = new List<Task>();
            while (Stopwatch.GetTimestamp() < ends && streamed < order.Count && await ticks.WaitForNextTickAsync())
            {
                var invoice = order[streamed++];
                paying.Add(PayAsync(mock, invoice, paidAt));
                maxSockets = Math.Max(maxSockets, connections.PublicApi.StatusSockets.OpenSockets);
            }
            await Task.WhenAll(paying);
        }
        var authenticatedDuringStream = authenticated.Count - authenticatedBeforeStream;
        await WaitUntilAsync(() => paidAt.Keys.All(received.ContainsKey), TimeSpan.FromSeconds(60));
        var latencies = paidAt.Where(p => received.ContainsKey(p.Key))
            .Select(p => Stopwatch.GetElapsedTime(p.Value, received[p.Key]).TotalMilliseconds).Order().ToList();
        var lostInStream = paidAt.Count - latencies.Count;
        var afterStream = Retained();

        Console.WriteLine($"paying the other {order.Count - streamed:N0}...");
        await Parallel.ForAsync(streamed, order.Count, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (n, _) => await PayAsync(mock, order[n], paidAt));
        await WaitUntilAsync(() => received.Count >= pendingTotal, TimeSpan.FromMinutes(2));
        await WaitUntilAsync(() => Watches() == 0, TimeSpan.FromSeconds(30));
        var drained = Retained();
        var lost = pendingTotal - received.Count;
        var duplicated = Interlocked.Read(ref reports) - received.Count;

        await stop.CancelAsync();
        foreach (var listener in listeners)
            listener.Dispose();
        await Task.WhenAll(reading);

        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Row("stores / pending invoices", $"{stores:N0} / {pendingTotal:N0}", "1,000 / 10,000");
        Row("payments in the stream", $"{paidAt.Count - (order.Count - streamed):N0} in {streamSeconds} s", "a steady stream");
        Row("lost notifications", $"{lost:N0} (in the stream: {lostInStream:N0})", "0");
        Row("duplicated notifications", $"{duplicated:N0}", "0");
        Row("status WebSockets to the server (most at once)", $"{maxSockets}", "at most 1");
        Row("payment to WaitInvoice p50 / p95 / p99", $"{Percentile(latencies, 0.50):N1} / {Percentile(latencies, 0.95):N1} / {Percentile(latencies, 0.99):N1} ms", "p95 < 50 ms, p99 < 200 ms");
        Row("authenticated requests per invoice created (after each store's first)", $"{(double)authenticatedForInvoices / measured:N2} ({authenticatedForInvoices:N0} for {measured:N0})", "at most 1");
        Row("authenticated requests while payments stream", $"{authenticatedDuringStream:N0}", "0");
        Row("retained per pending invoice (after each store's first)", $"{perPending:N0} B", "< 2 KB");
        Row("retained over the baseline: all pending / after the stream / all paid", $"{(pending - baseline) / 1024.0:N0} / {(afterStream - baseline) / 1024.0:N0} / {(drained - baseline) / 1024.0:N0} KiB", "no growth after the stream stops");
        Row("of which kept for lookups by payment hash once paid (until expiry + retention)", $"{(drained - baseline) / measured:N0} B an invoice", "bounded by time");
        Console.WriteLine();

        var ok = true;
        ok &= Report(lost == 0 && duplicated == 0, $"no notification lost ({lost}) or duplicated ({duplicated})");
        ok &= Report(maxSockets <= 1, $"at most one status WebSocket per Flash server: {maxSockets}");
        ok &= Report(Percentile(latencies, 0.95) < 50 && Percentile(latencies, 0.99) < 200,
            string.Create(CultureInfo.InvariantCulture, $"payment to WaitInvoice p95 {Percentile(latencies, 0.95):N1} ms (< 50), p99 {Percentile(latencies, 0.99):N1} ms (< 200)"));
        ok &= Report(authenticatedForInvoices <= measured && authenticatedDuringStream == 0,
            $"at most one authenticated request per invoice created after each store's first ({authenticatedForInvoices:N0} for {measured:N0}), none for payments ({authenticatedDuringStream})");
        ok &= Report(perPending < 2048, $"retained memory per pending invoice: {perPending:N0} bytes (< 2,048)");
        // Paid invoices leave their watch, socket slot and task; their registry entry stays until it is due for pruning.
        ok &= Report(afterStream <= pending + (pending - baseline) / 20 && drained <= afterStream + (pending - baseline) / 20,
            $"memory flat: {(pending - baseline) / 1024.0:N0} KiB over the baseline with all pending, {(afterStream - baseline) / 1024.0:N0} KiB after the stream, {(drained - baseline) / 1024.0:N0} KiB all paid (no step above 5% of the peak)");
        return ok;
    }

    /// <summary>The invoices listeners watch now, read from the plugin's metrics as an operator's collector reads them.</summary>
    private static long Watches() => Interlocked.Read(ref _watches);

    private static long _watches;

    private static MeterListener ListenToWatches()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "BTCPayServer.Plugins.Flash" && instrument.Name == "flash.listener.watches")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _watches, value));
        listener.Start();
        return listener;
    }

    private static async Task PayAsync(MockProcess mock, LightningInvoice invoice, ConcurrentDictionary<string, long> paidAt)
    {
        await mock.PayAsync(invoice.BOLT11);
        paidAt[invoice.Id] = Stopwatch.GetTimestamp();
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var ends = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < ends)
            await Task.Delay(50);
    }

    private static void Row(string measure, string value, string target) => Console.WriteLine($"| {measure} | {value} | {target} |");

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

    /// <summary>Counts the requests that carry a store's credential, as Flash's rate limit counts them.</summary>
    private sealed class AuthenticatedRequestCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public sealed class Handler(AuthenticatedRequestCounter counter) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.Authorization is not null || request.Headers.Contains("X-API-KEY"))
                    Interlocked.Increment(ref counter._count);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>The mock Flash server in a process of its own, with its control API, on a free loopback port.</summary>
    private sealed class MockProcess : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http = new();

        private MockProcess(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public Uri GraphQLUri => new(BaseUri, "graphql");

        public Uri WebSocketUri => new UriBuilder(GraphQLUri) { Scheme = "ws" }.Uri;

        public static async Task<MockProcess> StartAsync()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { typeof(MockFlashServer).Assembly.Location, "--dialect", "seed", "--db", ":memory:", "--control",
                         "--urls", $"http://127.0.0.1:{port}", "--rate-limit", "10000000" })
                start.ArgumentList.Add(arg);
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.StartsWith("HTTP:", StringComparison.Ordinal) == true)
                    ready.TrySetResult();
            };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new MockProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        }

        /// <returns>The new account's session token.</returns>
        public async Task<string> CreateAccountAsync(string username)
        {
            using var response = await _http.PostAsJsonAsync(new Uri(BaseUri, "_mock/accounts"), new { username, defaultWalletCurrency = "BTC" });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionToken").GetString()!;
        }

        public async Task PayAsync(string bolt11)
        {
            using var response = await _http.PostAsJsonAsync(new Uri(BaseUri, "_mock/invoices/pay"), new { paymentRequest = bolt11 });
            response.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            _http.Dispose();
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }
}
