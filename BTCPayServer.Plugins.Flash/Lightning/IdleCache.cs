using System.Collections.Concurrent;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// A concurrent map whose entries go once unused for <see cref="IdleTimeout"/>, and whose size stays near
/// <see cref="Capacity"/> (the least recently used go first), except entries the owner says are still in use.
/// Connection strings come from store owners and from anyone who can save a lightning setting: without a bound,
/// each distinct string would be kept for the life of the server.
/// </summary>
internal sealed class IdleCache<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly Func<TValue, bool> _inUse;
    private readonly TimeProvider _time;
    private readonly Lock _sweeping = new();
    private long _nextSweep;
    private long _uses;

    /// <param name="inUse">Entries for which this is true are never dropped (a running listener's state).</param>
    public IdleCache(int capacity, TimeSpan idleTimeout, TimeProvider time, Func<TValue, bool>? inUse = null, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        Capacity = capacity;
        IdleTimeout = idleTimeout;
        _time = time;
        _inUse = inUse ?? (_ => false);
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        _nextSweep = time.GetTimestamp() + Ticks(idleTimeout);
    }

    public int Capacity { get; }

    public TimeSpan IdleTimeout { get; }

    public int Count => _entries.Count;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        var now = _time.GetTimestamp();
        if (!_entries.TryGetValue(key, out var entry))
            entry = _entries.GetOrAdd(key, k => new Entry(create(k), now, Interlocked.Increment(ref _uses)));
        entry.Touch(now, Interlocked.Increment(ref _uses));
        if (_entries.Count > Capacity || now >= Volatile.Read(ref _nextSweep))
            Sweep(now);
        // A sweep that ran meanwhile may have dropped the entry just handed out: put that same entry back, so a
        // listener attached to it is the one every later client of the key reaches.
        while (!_entries.TryGetValue(key, out var current) || !ReferenceEquals(current, entry))
        {
            if (current is not null)
                return current.Value;
            if (_entries.TryAdd(key, entry))
                break;
        }
        return entry.Value;
    }

    public bool TryGetValue(TKey key, out TValue? value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            entry.Touch(_time.GetTimestamp(), Interlocked.Increment(ref _uses));
            value = entry.Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Drops the entries whose keys match, whether in use or not: what they were built from changed.</summary>
    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _entries.Keys)
        {
            if (match(key))
                _entries.TryRemove(key, out _);
        }
    }

    /// <summary>Drops idle entries not in use; when still above capacity, the least recently used not in use.</summary>
    private void Sweep(long now)
    {
        // One sweeper at a time; the others carry on, the map stays usable meanwhile.
        if (!_sweeping.TryEnter())
            return;
        try
        {
            Volatile.Write(ref _nextSweep, now + Ticks(IdleTimeout) / 4);
            var idleBefore = now - Ticks(IdleTimeout);
            var survivors = new List<KeyValuePair<TKey, Entry>>();
            foreach (var pair in _entries)
            {
                if (_inUse(pair.Value.Value))
                    continue;
                if (pair.Value.LastUsed <= idleBefore)
                    _entries.TryRemove(pair);
                else
                    survivors.Add(pair);
            }
            // Down to nine tenths, so that a full cache is not swept again at the very next insertion.
            var excess = _entries.Count - (Capacity - (Capacity / 10));
            if (excess <= 0)
                return;
            foreach (var pair in survivors.OrderBy(p => p.Value.LastUse).Take(excess))
                _entries.TryRemove(pair);
        }
        finally
        {
            _sweeping.Exit();
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class Entry(TValue value, long now, long use)
    {
        private long _lastUsed = now;
        private long _lastUse = use;

        public TValue Value { get; } = value;

        /// <summary>When it was last used, on the clock: what the idle timeout is measured against.</summary>
        public long LastUsed => Volatile.Read(ref _lastUsed);

        /// <summary>The cache-wide number of its last use: what orders entries when many share one clock tick.</summary>
        public long LastUse => Volatile.Read(ref _lastUse);

        public void Touch(long now, long use)
        {
            Volatile.Write(ref _lastUsed, now);
            Volatile.Write(ref _lastUse, use);
        }
    }
}
