using System.Collections.Immutable;

namespace Flash.MockServer.Lightning;

/// <summary>An invoice reached a final state (paid) or was observed to expire.</summary>
internal sealed record InvoiceStatusChanged(InvoiceRecord Invoice, string AccountId, string Status);

/// <summary>In-process fan-out of invoice events to subscriptions (lnInvoicePaymentStatus, myUpdates).</summary>
internal sealed class InvoiceEventHub
{
    private ImmutableList<Action<InvoiceStatusChanged>> _handlers = [];

    public IDisposable Subscribe(Action<InvoiceStatusChanged> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    public void Publish(InvoiceStatusChanged change)
    {
        foreach (var handler in _handlers)
            handler(change);
    }

    private sealed class Subscription(InvoiceEventHub hub, Action<InvoiceStatusChanged> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref hub._handlers, list => list.Remove(handler));
    }
}
