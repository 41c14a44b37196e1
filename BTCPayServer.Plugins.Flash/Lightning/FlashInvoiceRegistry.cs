namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// The invoices one connection's clients created or looked up, by payment hash. Unsettled ones are what a listener
/// watches: a listener attached here hears of every new unsettled invoice, whichever client instance created it.
/// Settled ones are kept a while for lookups by payment hash, which Flash's API cannot answer.
/// </summary>
internal sealed class FlashInvoiceRegistry
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly List<Action<IssuedInvoice>> _listeners = [];
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public int Count
    {
        get
        {
            lock (_gate)
                return _byHash.Count;
        }
    }

    /// <summary>True while a listener is attached: whoever holds this registry must keep it for that listener.</summary>
    public bool HasListeners
    {
        get
        {
            lock (_gate)
                return _listeners.Count > 0;
        }
    }

    /// <summary>
    /// Remembers <paramref name="invoice"/> until <paramref name="retention"/> after its expiry. A new unsettled
    /// invoice is announced to the attached listeners; settling is one-way, so a stale lookup cannot reopen one.
    /// </summary>
    public void Remember(IssuedInvoice invoice, bool settled, DateTimeOffset now, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        Action<IssuedInvoice>[] announce = [];
        lock (_gate)
        {
            PruneIfDue(now);
            if (_byHash.TryGetValue(invoice.PaymentHash, out var known))
            {
                known.Settled |= settled;
                return;
            }
            _byHash.Add(invoice.PaymentHash, new Entry(invoice, invoice.ExpiresAt + retention) { Settled = settled });
            if (!settled)
                announce = [.. _listeners];
        }
        foreach (var listener in announce)
            listener(invoice);
    }

    /// <summary>Stops announcing the invoice as pending: it was paid or expired.</summary>
    public void MarkSettled(string paymentHash)
    {
        lock (_gate)
        {
            if (_byHash.TryGetValue(paymentHash, out var entry))
                entry.Settled = true;
        }
    }

    /// <summary>Forgets an invoice the server does not know.</summary>
    public void Forget(string paymentHash)
    {
        lock (_gate)
            _byHash.Remove(paymentHash);
    }

    public IssuedInvoice? Find(string paymentHash)
    {
        lock (_gate)
            return _byHash.TryGetValue(paymentHash, out var entry) ? entry.Invoice : null;
    }

    /// <summary>
    /// Calls <paramref name="onPending"/> for every unsettled invoice remembered from now on, and returns those
    /// unsettled now. Both happen under one lock, so no invoice falls between the snapshot and the subscription.
    /// </summary>
    public IDisposable Attach(Action<IssuedInvoice> onPending, out IReadOnlyList<IssuedInvoice> pending)
    {
        ArgumentNullException.ThrowIfNull(onPending);
        lock (_gate)
        {
            pending = _byHash.Values.Where(e => !e.Settled).Select(e => e.Invoice).ToList();
            _listeners.Add(onPending);
        }
        return new Detach(this, onPending);
    }

    private void PruneIfDue(DateTimeOffset now)
    {
        if (now < _nextPrune)
            return;
        _nextPrune = now + PruneEvery;
        foreach (var (hash, entry) in _byHash.Where(e => e.Value.ForgetAfter <= now).ToList())
            _byHash.Remove(hash);
    }

    private sealed class Entry(IssuedInvoice invoice, DateTimeOffset forgetAfter)
    {
        public IssuedInvoice Invoice { get; } = invoice;

        public DateTimeOffset ForgetAfter { get; } = forgetAfter;

        public bool Settled { get; set; }
    }

    private sealed class Detach(FlashInvoiceRegistry registry, Action<IssuedInvoice> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (registry._gate)
                registry._listeners.Remove(listener);
        }
    }
}
