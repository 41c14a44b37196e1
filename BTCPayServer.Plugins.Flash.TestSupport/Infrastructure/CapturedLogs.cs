using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps everything, at Trace: each message, its structured values and any exception
/// (with inner exceptions and stack), so tests can search all of it for secrets.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public string All => string.Join("\n", _entries);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>Asserts that nothing logged contains any of <paramref name="secrets"/> (or a long piece of one).</summary>
    public void AssertContainsNone(params string[] secrets)
    {
        var all = All;
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
            // A secret cut short (a prefix, or the part after a known prefix) would leak just as well.
            var core = secret[(secret.IndexOf('_', StringComparison.Ordinal) + 1)..];
            if (core.Length >= 16)
                Assert.DoesNotContain(core[..16], all, StringComparison.Ordinal);
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            entries.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
