using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// How BTCPay Server asks a lightning client for a checkout's invoice, and what the merchant then reads
/// (BTCPay Server's <c>LightningLikePaymentHandler</c> at commit 03345c2): five seconds for
/// <c>CreateInvoice</c>, BTCPay's own sentence when they run out, and any exception's message inside its own.
/// </summary>
internal static class BTCPayCheckout
{
    public static readonly TimeSpan LightningTimeout = TimeSpan.FromSeconds(5);

    public const string TimedOut = "The lightning node did not reply in a timely manner";

    /// <summary>The invoice, or the sentence the merchant sees instead.</summary>
    /// <param name="time">BTCPay's clock, which runs its five seconds (the system's when null).</param>
    public static async Task<(LightningInvoice? Invoice, string? Error)> CreateInvoiceAsync(
        ILightningClient client, LightMoney amount, string description = "Order 1", TimeProvider? time = null)
    {
        using var budget = new CancellationTokenSource(LightningTimeout, time ?? TimeProvider.System);
        try
        {
            return (await client.CreateInvoice(new CreateInvoiceParams(amount, description, TimeSpan.FromMinutes(15)), budget.Token), null);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return (null, TimedOut);
        }
        catch (Exception e)
        {
            return (null, $"Impossible to create lightning invoice ({e.Message})");
        }
    }
}
