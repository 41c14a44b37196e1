using System.Collections.Concurrent;
using BTCPayServer.Abstractions.Contracts;
using Newtonsoft.Json;

namespace Flash.DevHost.Hosting;

/// <summary>
/// BTCPay's settings repository for the dev host: one JSON file per setting, serialised with Newtonsoft exactly as
/// BTCPay's database-backed one does (so a setting that round-trips here round-trips there). Writing null stores
/// JSON null, which reads back as no setting, as in BTCPay.
/// </summary>
public sealed class FileSettingsRepository : ISettingsRepository
{
    private readonly DirectoryInfo _folder;
    private readonly ConcurrentDictionary<Type, TaskCompletionSource<object>> _changes = new();
    private readonly SemaphoreSlim _write = new(1, 1);

    public FileSettingsRepository(string folder)
    {
        _folder = Directory.CreateDirectory(folder);
    }

    public async Task<T?> GetSettingAsync<T>(string? name = null) where T : class
    {
        var path = PathOf(name ?? typeof(T).FullName!);
        return File.Exists(path) ? JsonConvert.DeserializeObject<T>(await File.ReadAllTextAsync(path)) : null;
    }

    public async Task UpdateSetting<T>(T obj, string? name = null) where T : class
    {
        var path = PathOf(name ?? obj.GetType().FullName!);
        await _write.WaitAsync();
        try
        {
            // Replace, never truncate in place: a reader sees the old or the new setting, not half of one.
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonConvert.SerializeObject(obj));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            _write.Release();
        }
        if (_changes.TryRemove(typeof(T), out var waiting))
            waiting.TrySetResult(obj);
    }

    public async Task<T> WaitSettingsChanged<T>(CancellationToken cancellationToken = default) where T : class
    {
        var change = _changes.GetOrAdd(typeof(T), _ => new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously));
        return (T)await change.Task.WaitAsync(cancellationToken);
    }

    private string PathOf(string name) =>
        name.Length is > 0 and <= 200 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? Path.Combine(_folder.FullName, name + ".json")
            : throw new ArgumentException("A setting name has only letters, digits, '.', '-' and '_'", nameof(name));
}
