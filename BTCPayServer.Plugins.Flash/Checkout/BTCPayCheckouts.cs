using System.Runtime.CompilerServices;
using BTCPayServer.Client.Models;
using BTCPayServer.Payments;
using BTCPayServer.Services;
using BTCPayServer.Services.Invoices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.Checkout;

/// <summary>
/// <see cref="IFlashCheckouts"/> on BTCPay Server's own services: <c>InvoiceRepository.GetInvoiceFromAddress</c> finds
/// the invoice whose lightning prompt has a payment hash (BTCPay indexes lightning prompts by it), and
/// <c>InvoiceActivator.ActivateInvoicePaymentMethod(..., forceNew: true)</c> makes a new prompt, which BTCPay shows and
/// listens to. Everything that names a BTCPay type is in methods of its own, so that a BTCPay whose types changed
/// fails here, once, as <see cref="FlashCheckoutsUnavailableException"/>, and nowhere else.
/// </summary>
internal sealed class BTCPayCheckouts(IServiceProvider services, ILogger<BTCPayCheckouts> logger) : IFlashCheckouts
{
    /// <summary>BTCPay's payment method id of lightning invoices on Bitcoin (LNURL-pay's is BTC-LNURL, left alone).</summary>
    public const string LightningPaymentMethod = "BTC-LN";

    private readonly Lazy<string?> _unavailable = new(() => Bind(services, logger));

    public string? Unavailable => _unavailable.Value;

    public async Task<FlashCheckout?> FindByPaymentHashAsync(string paymentHash, CancellationToken cancellation)
    {
        ThrowIfUnavailable();
        try
        {
            return await FindAsync(services, paymentHash.ToLowerInvariant());
        }
        catch (Exception e) when (IsBindingFailure(e))
        {
            throw new FlashCheckoutsUnavailableException(NotKnown(e), e);
        }
    }

    public async Task<bool> RenewLightningPromptAsync(string checkoutId, CancellationToken cancellation)
    {
        ThrowIfUnavailable();
        try
        {
            return await RenewAsync(services, checkoutId);
        }
        catch (Exception e) when (IsBindingFailure(e))
        {
            throw new FlashCheckoutsUnavailableException(NotKnown(e), e);
        }
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable is { } reason)
            throw new FlashCheckoutsUnavailableException(reason);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<FlashCheckout?> FindAsync(IServiceProvider services, string paymentHash)
    {
        var lightning = new PaymentMethodId(LightningPaymentMethod);
        var invoice = await services.GetRequiredService<InvoiceRepository>().GetInvoiceFromAddress(lightning, paymentHash);
        if (invoice is null)
            return null;
        return new FlashCheckout(invoice.Id, invoice.Status == InvoiceStatus.New, invoice.ExpirationTime, invoice.GetPaymentPrompt(lightning)?.Destination);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<bool> RenewAsync(IServiceProvider services, string checkoutId) =>
        services.GetRequiredService<InvoiceActivator>().ActivateInvoicePaymentMethod(checkoutId, new PaymentMethodId(LightningPaymentMethod), forceNew: true);

    /// <summary>
    /// Whether BTCPay's types and members are there, without calling them: compiling <see cref="Touch"/> resolves every
    /// one the plugin uses (a missing one throws here), and the services must be registered.
    /// </summary>
    private static string? Bind(IServiceProvider services, ILogger logger)
    {
        string? unavailable;
        try
        {
            unavailable = Touch(services, call: false);
        }
        catch (Exception e) when (IsBindingFailure(e))
        {
            logger.LogWarning(e, "BTCPay Server's invoice types do not bind; checkouts are not renewed past Flash's short invoices");
            return NotKnown(e);
        }
        if (unavailable is not null)
            logger.LogInformation("Checkouts are not renewed past Flash's short invoices: {Reason}", unavailable);
        return unavailable;
    }

    private static string NotKnown(Exception e) =>
        $"this BTCPay Server's invoice types are not the ones this version of the plugin knows ({e.GetType().Name}); update the Flash plugin";

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? Touch(IServiceProvider services, bool call)
    {
        if (services.GetService<InvoiceRepository>() is not { } repository || services.GetService<InvoiceActivator>() is not { } activator)
            return "this host has no BTCPay invoice services (InvoiceRepository, InvoiceActivator)";
        if (call)
        {
            var lightning = new PaymentMethodId(LightningPaymentMethod);
            _ = repository.GetInvoiceFromAddress(lightning, "");
            _ = activator.ActivateInvoicePaymentMethod("", lightning, forceNew: true);
            var invoice = new InvoiceEntity();
            _ = (invoice.Id, invoice.Status, invoice.ExpirationTime, invoice.GetPaymentPrompt(lightning)?.Destination);
        }
        return null;
    }

    private static bool IsBindingFailure(Exception e) =>
        e is TypeLoadException or MissingMemberException or FileNotFoundException or FileLoadException or BadImageFormatException or InvalidCastException;
}
