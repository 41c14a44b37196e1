using System.Collections.Concurrent;
using BTCPayServer.Plugins.Flash.Lightning;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Checkout;

/// <summary>
/// Keeps a checkout payable past Flash's 60-second invoices. BTCPay asks for an invoice lasting the whole checkout and
/// never replaces one that expired unpaid, so when Flash says a BOLT11 the plugin issued can no longer be paid, and it
/// is still what an open checkout shows, the plugin asks BTCPay for a new lightning prompt. The rules:
/// <list type="bullet">
/// <item>only after Flash reported the BOLT11 expired (never while it may still be paid, so two BOLT11s of one
/// checkout are never payable at once), and never for one that was paid;</item>
/// <item>only for the BOLT11 an open checkout shows now (not a paid, settling, expired or invalid one, not an
/// LNURL-pay invoice, whose BOLT11 the payer's wallet asks for), and never twice for the same BOLT11;</item>
/// <item>at most one new Flash invoice a minute per checkout, and none once the checkout expires.</item>
/// </list>
/// If the host's checkout types do not bind (a BTCPay the plugin does not know), renewal turns itself off, says so
/// once in the log, and the plugin works on without it.
/// </summary>
public sealed class FlashCheckoutRenewal(IFlashCheckouts checkouts, TimeProvider time, ILogger<FlashCheckoutRenewal> logger)
{
    /// <summary>The most often one checkout gets a new Flash invoice.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    // Handled BOLT11s (by payment hash) and each checkout's last renewal, kept as long as a checkout can last.
    private static readonly TimeSpan Remember = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRenewal = new(StringComparer.Ordinal);
    private string? _unavailable;
    private long _nextPrune;

    /// <summary>Why renewal is off (the host's types did not bind), or null while it works.</summary>
    public string? Unavailable => Volatile.Read(ref _unavailable) ?? checkouts.Unavailable;

    /// <summary>
    /// Flash reported <paramref name="invoice"/> expired unpaid: renew the checkout that shows it, if the rules allow.
    /// Never throws: a renewal that cannot happen leaves the checkout as BTCPay would have it.
    /// </summary>
    /// <returns>Whether a new lightning prompt was made.</returns>
    internal async Task<bool> OnExpiredAsync(IssuedInvoice invoice, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var now = time.GetUtcNow();
        Prune(now);
        if (Unavailable is not null || !_handled.TryAdd(invoice.PaymentHash, now))
            return false;
        try
        {
            var checkout = await checkouts.FindByPaymentHashAsync(invoice.PaymentHash, cancellation);
            if (!Renewable(checkout, invoice, now))
                return false;
            if (_lastRenewal.TryGetValue(checkout!.Id, out var last) && now - last < MinimumInterval)
            {
                // Flash made an invoice that expired within a minute: the next one waits out the minute.
                await Task.Delay(last + MinimumInterval - now, time, cancellation);
                now = time.GetUtcNow();
                checkout = await checkouts.FindByPaymentHashAsync(invoice.PaymentHash, cancellation);
                if (!Renewable(checkout, invoice, now))
                    return false;
            }
            _lastRenewal[checkout!.Id] = now;
            var renewed = await checkouts.RenewLightningPromptAsync(checkout.Id, cancellation);
            logger.LogInformation("Checkout {CheckoutId}: Flash invoice {PaymentHash} expired unpaid; {Outcome}",
                checkout.Id, invoice.PaymentHash, renewed ? "a new one is shown" : "the host made no new one");
            return renewed;
        }
        catch (FlashCheckoutsUnavailableException e)
        {
            if (Interlocked.CompareExchange(ref _unavailable, e.Message, null) is null)
                logger.LogWarning(e, "Renewing checkouts past Flash's short invoices is off: {Reason}", e.Message);
            return false;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One checkout's failure is logged and leaves it as BTCPay would have it; renewal goes on for the others,
            // and this BOLT11 may be tried again when another report of it comes.
            _handled.TryRemove(invoice.PaymentHash, out _);
            logger.LogError(e, "Renewing the checkout of Flash invoice {PaymentHash} failed", invoice.PaymentHash);
            return false;
        }
    }

    private static bool Renewable(FlashCheckout? checkout, IssuedInvoice invoice, DateTimeOffset now) =>
        checkout is { IsOpen: true } && checkout.ExpiresAt > now
        && string.Equals(checkout.LightningDestination, invoice.PaymentRequest, StringComparison.OrdinalIgnoreCase);

    private void Prune(DateTimeOffset now)
    {
        if (now.UtcTicks < Interlocked.Read(ref _nextPrune))
            return;
        Interlocked.Exchange(ref _nextPrune, (now + TimeSpan.FromHours(1)).UtcTicks);
        foreach (var (key, at) in _handled)
        {
            if (now - at > Remember)
                _handled.TryRemove(key, out _);
        }
        foreach (var (key, at) in _lastRenewal)
        {
            if (now - at > Remember)
                _lastRenewal.TryRemove(key, out _);
        }
    }
}
