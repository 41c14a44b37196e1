using System.Collections.Concurrent;
using BTCPayServer.Abstractions.Contracts;

namespace Flash.Benchmarks.Harness;

/// <summary>BTCPay's settings store kept in memory: the harnesses measure the plugin, not a database.</summary>
internal sealed class MemorySettingsRepository : ISettingsRepository
{
    private readonly ConcurrentDictionary<string, object?> _settings = new(StringComparer.Ordinal);

    public Task<T?> GetSettingAsync<T>(string? name = null) where T : class =>
        Task.FromResult(_settings.TryGetValue(name ?? typeof(T).FullName!, out var value) ? value as T : null);

    public Task UpdateSetting<T>(T obj, string? name = null) where T : class
    {
        _settings[name ?? typeof(T).FullName!] = obj;
        return Task.CompletedTask;
    }

    public Task<T> WaitSettingsChanged<T>(CancellationToken cancellationToken = default) where T : class =>
        Task.FromException<T>(new NotSupportedException("The harnesses do not wait for settings"));
}
