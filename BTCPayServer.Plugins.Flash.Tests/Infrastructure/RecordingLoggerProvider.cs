using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>One log entry as written: its event, level, rendered text and structured fields.</summary>
internal sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception)
{
    public object? this[string field] => Fields.GetValueOrDefault(field);
}

/// <summary>
/// Keeps every log entry, so tests can wait for an event the code under test logs (no sleeping) and can check
/// that nothing logged carries a secret.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private readonly List<(Func<LogRecord, bool> Match, TaskCompletionSource<LogRecord> Found)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<LogRecord> Records => _records;

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    /// <summary>The first entry, past or future, that matches.</summary>
    public Task<LogRecord> WaitForAsync(Func<LogRecord, bool> match, TimeSpan? timeout = null)
    {
        lock (_gate)
        {
            if (_records.FirstOrDefault(match) is { } seen)
                return Task.FromResult(seen);
            var found = new TaskCompletionSource<LogRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Text of every entry, exceptions included, for secrecy checks.</summary>
    public string AllText() => string.Join("\n", _records.Select(r => $"{r.Message} {string.Join(' ', r.Fields.Values)} {r.Exception}"));

    public void Dispose()
    {
    }

    private void Add(LogRecord record)
    {
        lock (_gate)
        {
            _records.Enqueue(record);
            foreach (var waiter in _waiters.Where(w => w.Match(record)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(record);
            }
        }
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : [];
            provider.Add(new LogRecord(category, logLevel, eventId, formatter(state, exception), fields, exception));
        }
    }
}
