using System.Collections.Concurrent;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Payments one connection sent, by payment hash, kept a while after the invoice expires: Flash's API cannot look a
/// payment up by its hash, but BTCPay asks for pending payouts that way.
/// </summary>
internal sealed class SentPaymentRegistry
{
    private readonly ConcurrentDictionary<string, SentPayment> _byHash = new(StringComparer.Ordinal);

    /// <summary>Records an attempt to pay <paramref name="invoice"/>, replacing what an earlier attempt left.</summary>
    public void Begin(BOLT11PaymentRequest invoice, FlashEndpoints server, DateTimeOffset now, TimeSpan retention)
    {
        foreach (var (hash, payment) in _byHash)
        {
            if (payment.Invoice.ExpiryDate + retention <= now)
                _byHash.TryRemove(hash, out _);
        }
        _byHash[invoice.PaymentHashText()] = new SentPayment(invoice, server, now, LightningPaymentStatus.Pending);
    }

    /// <summary>Sets the status of a known payment; a pending answer never undoes a final one (complete or failed).</summary>
    public SentPayment? Update(string paymentHash, LightningPaymentStatus status)
    {
        while (_byHash.TryGetValue(paymentHash, out var current))
        {
            if (status == LightningPaymentStatus.Pending && current.Status is LightningPaymentStatus.Complete or LightningPaymentStatus.Failed)
                return current;
            var updated = current with { Status = status };
            if (_byHash.TryUpdate(paymentHash, updated, current))
                return updated;
        }
        return null;
    }

    public SentPayment? Find(string paymentHash) => _byHash.GetValueOrDefault(paymentHash);
}
