using System.Collections.Concurrent;
using BTCPayServer.Plugins.Flash.Checkout;

namespace BTCPayServer.Plugins.Flash.Tests.Checkout;

/// <summary>
/// The host's checkouts as renewal sees them, kept in memory: which checkout shows which BOLT11 (by payment hash),
/// and every renewal asked for. <see cref="Renewed"/> lets a test play the host's answer (a new BOLT11 shown).
/// </summary>
internal sealed class FakeCheckouts : IFlashCheckouts
{
    private readonly ConcurrentDictionary<string, FlashCheckout> _byPaymentHash = new(StringComparer.OrdinalIgnoreCase);

    public string? Unavailable { get; set; }

    /// <summary>Thrown by every call when set: a host whose types do not bind.</summary>
    public Exception? Fails { get; set; }

    public ConcurrentQueue<string> Renewals { get; } = new();

    public int Lookups => _lookups;

    /// <summary>Called on each renewal, as the host would make and show a new prompt.</summary>
    public Action<string>? Renewed { get; set; }

    private int _lookups;

    public void Show(string paymentHash, FlashCheckout checkout) => _byPaymentHash[paymentHash] = checkout;

    public Task<FlashCheckout?> FindByPaymentHashAsync(string paymentHash, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _lookups);
        if (Fails is { } failure)
            throw failure;
        return Task.FromResult(_byPaymentHash.GetValueOrDefault(paymentHash));
    }

    public Task<bool> RenewLightningPromptAsync(string checkoutId, CancellationToken cancellation)
    {
        if (Fails is { } failure)
            throw failure;
        Renewals.Enqueue(checkoutId);
        Renewed?.Invoke(checkoutId);
        return Task.FromResult(true);
    }
}
