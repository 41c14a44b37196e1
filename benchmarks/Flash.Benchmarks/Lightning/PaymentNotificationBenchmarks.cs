using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BTCPayServer.Lightning;
using Microsoft.Extensions.Logging;

namespace Flash.Benchmarks.Lightning;

/// <summary>
/// How long BTCPay waits to hear of a payment: from the mock marking an invoice paid to <c>WaitInvoice</c> returning
/// it, over the listener's WebSocket on loopback. Each invocation gets a fresh invoice whose subscription is already
/// running, so the time is the notification's alone.
/// </summary>
[InvocationCount(1, unrollFactor: 1)]
[IterationCount(40)]
public class PaymentNotificationBenchmarks
{
    private readonly SubscriptionWatcher _subscriptions = new();
    private FlashStoreFixture _store = null!;
    private ILoggerFactory _loggers = null!;
    private ILightningInvoiceListener _listener = null!;
    private LightningInvoice _invoice = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await FlashStoreFixture.StartAsync();
        _loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(_subscriptions));
        _listener = await _store.NewClient(_loggers).Listen();
    }

    [IterationSetup]
    public void CreateWatchedInvoice()
    {
        _invoice = FlashStoreFixture.CreateInvoiceAsync(_store.NewClient(_loggers)).GetAwaiter().GetResult();
        _subscriptions.Running(_invoice.PaymentHash).Wait(TimeSpan.FromSeconds(30));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _listener.Dispose();
        _loggers.Dispose();
        await _store.DisposeAsync();
    }

    [Benchmark]
    public async Task<LightningInvoice> MarkPaidToWaitInvoice()
    {
        await _store.Server.Services.Invoices.SettleAsync(_invoice.PaymentHash, null, CancellationToken.None);
        var paid = await _listener.WaitInvoice(CancellationToken.None);
        return paid.Id == _invoice.Id ? paid : throw new InvalidOperationException("Another invoice was reported");
    }

    /// <summary>Completes when the listener logs that an invoice's subscription runs (event SubscriptionStarted).</summary>
    private sealed class SubscriptionWatcher : ILoggerProvider, ILogger
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _running = new(StringComparer.Ordinal);

        public Task Running(string paymentHash) => Signal(paymentHash).Task;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "SubscriptionStarted" && state is IEnumerable<KeyValuePair<string, object?>> fields
                && fields.FirstOrDefault(f => f.Key == "PaymentHash").Value is string hash)
            {
                Signal(hash).TrySetResult();
            }
        }

        public void Dispose()
        {
        }

        private TaskCompletionSource Signal(string paymentHash) =>
            _running.GetOrAdd(paymentHash, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
