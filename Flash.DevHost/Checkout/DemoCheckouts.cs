using System.Security.Cryptography;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Checkout;
using Flash.DevHost.Store;

namespace Flash.DevHost.Checkout;

/// <summary>
/// The demo store's checkouts, kept in memory, and what BTCPay's invoice services do with them that the plugin can
/// see: a checkout gets its lightning invoice from the store's node (the plugin's client) for its whole lifetime,
/// is found by the payment hash of any BOLT11 it showed, is paid when the listener hears one paid, and gets a new
/// prompt when the plugin asks (<see cref="IFlashCheckouts"/>, which BTCPay answers with <c>InvoiceActivator</c>).
/// </summary>
public sealed class DemoCheckouts(IServiceProvider services, TimeProvider time, ILogger<DemoCheckouts> logger) : IFlashCheckouts
{
    // The store's node is found when first needed, not when this is made: the plugin's connections depend on the
    // checkouts (renewal), and the node on the plugin's connections. BTCPay's invoice services break the same circle.
    private DemoStoreLightning Lightning => services.GetRequiredService<DemoStoreLightning>();

    private readonly Dictionary<string, DemoCheckout> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DemoCheckout> _byPaymentHash = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public string? Unavailable => null;

    /// <summary>A new checkout with its first lightning invoice, lasting the store's checkout time.</summary>
    /// <exception cref="DemoStoreLightningException">The store has no working Lightning node.</exception>
    public async Task<DemoCheckout> CreateAsync(long amountSats, string description, CancellationToken cancellation)
    {
        var checkout = new DemoCheckout(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), amountSats, description,
            time.GetUtcNow() + DemoStore.Instance.InvoiceExpiration);
        var invoice = await NewInvoiceAsync(checkout, cancellation);
        lock (_gate)
        {
            _byId[checkout.Id] = checkout;
            Show(checkout, invoice);
        }
        return checkout;
    }

    public DemoCheckout? Find(string checkoutId)
    {
        lock (_gate)
            return _byId.GetValueOrDefault(checkoutId);
    }

    /// <summary>What the store's listener heard: a paid BOLT11 of a checkout pays it.</summary>
    public void OnInvoiceReported(LightningInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        if (invoice.Status != LightningInvoiceStatus.Paid || invoice.PaymentHash is null)
            return;
        lock (_gate)
        {
            if (_byPaymentHash.TryGetValue(invoice.PaymentHash, out var checkout) && checkout.MarkPaid(time.GetUtcNow()))
                logger.LogInformation("Checkout {CheckoutId} is paid", checkout.Id);
        }
    }

    /// <summary>The open checkouts' BOLT11s, which a listener that (re)starts asks about (BTCPay does the same).</summary>
    public IReadOnlyList<string> OpenBolt11s()
    {
        var now = time.GetUtcNow();
        lock (_gate)
            return [.. _byId.Values.Where(c => c.StatusAt(now) == DemoCheckoutStatus.Unpaid).Select(c => c.Bolt11)];
    }

    public Task<FlashCheckout?> FindByPaymentHashAsync(string paymentHash, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_byPaymentHash.TryGetValue(paymentHash, out var checkout)
                ? new FlashCheckout(checkout.Id, checkout.StatusAt(now) == DemoCheckoutStatus.Unpaid, checkout.ExpiresAt, checkout.Bolt11)
                : null);
        }
    }

    public async Task<bool> RenewLightningPromptAsync(string checkoutId, CancellationToken cancellation)
    {
        if (Find(checkoutId) is not { } checkout || checkout.StatusAt(time.GetUtcNow()) != DemoCheckoutStatus.Unpaid)
            return false;
        LightningInvoice invoice;
        try
        {
            invoice = await NewInvoiceAsync(checkout, cancellation);
        }
        catch (Exception e) when (e is DemoStoreLightningException or BTCPayServer.Plugins.Flash.GraphQL.FlashApiException or BTCPayServer.Plugins.Flash.Lightning.FlashAnswerRejectedException)
        {
            // As BTCPay's activator: the checkout keeps the prompt it had, and the reason is logged.
            logger.LogWarning("Checkout {CheckoutId} got no new lightning invoice: {Reason}", checkoutId, e.Message);
            return false;
        }
        lock (_gate)
            Show(checkout, invoice);
        return true;
    }

    private async Task<LightningInvoice> NewInvoiceAsync(DemoCheckout checkout, CancellationToken cancellation)
    {
        var client = await Lightning.CreateClientAsync();
        // BTCPay asks for the invoice's remaining lifetime; Flash may cap it (60 seconds today).
        return await client.CreateInvoice(LightMoney.Satoshis(checkout.AmountSats), checkout.Description, checkout.ExpiresAt - time.GetUtcNow(), cancellation);
    }

    private void Show(DemoCheckout checkout, LightningInvoice invoice)
    {
        checkout.Show(invoice.BOLT11, invoice.PaymentHash);
        _byPaymentHash[invoice.PaymentHash] = checkout;
    }
}
