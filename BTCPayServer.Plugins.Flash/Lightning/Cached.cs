namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>One value that is good until a moment on the caller's clock. Readers never block; a stale value is simply absent.</summary>
internal sealed class Cached<T>
    where T : class
{
    private Entry? _entry;

    public T? Get(DateTimeOffset now) => Volatile.Read(ref _entry) is { } entry && now < entry.Until ? entry.Value : null;

    public void Set(T value, DateTimeOffset until) => Volatile.Write(ref _entry, new Entry(value, until));

    private sealed record Entry(T Value, DateTimeOffset Until);
}
