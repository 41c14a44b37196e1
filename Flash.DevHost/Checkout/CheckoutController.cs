using System.ComponentModel.DataAnnotations;
using BTCPayServer.Lightning;
using Flash.DevHost.Store;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Flash.DevHost.Checkout;

/// <summary>
/// The demo store's checkout, standing in for BTCPay's: an amount becomes an invoice on the store's Lightning node
/// (the plugin's client), shown as BOLT11 text and QR code, whose status the page polls until it is paid.
/// </summary>
[Route("demo/checkout")]
[AutoValidateAntiforgeryToken]
public sealed class CheckoutController(DemoStoreLightning lightning, MockWallet? mockWallet = null) : Controller
{
    private static readonly TimeSpan InvoiceExpiry = TimeSpan.FromMinutes(10);

    [HttpGet("")]
    public IActionResult Index() => View(new CheckoutForm());

    [HttpPost("")]
    public async Task<IActionResult> Create(CheckoutForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
            return View(nameof(Index), form);
        try
        {
            var client = await lightning.CreateClientAsync();
            var invoice = await client.CreateInvoice(LightMoney.Satoshis(form.AmountSats), form.Description, InvoiceExpiry, cancellation);
            return RedirectToAction(nameof(Invoice), new { invoiceId = invoice.Id });
        }
        catch (Exception e) when (e is DemoStoreLightningException or FormatException or BTCPayServer.Plugins.Flash.GraphQL.FlashApiException)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), form);
        }
    }

    [HttpGet("{invoiceId}")]
    public async Task<IActionResult> Invoice(string invoiceId, CancellationToken cancellation)
    {
        LightningInvoice? invoice;
        try
        {
            invoice = await (await lightning.CreateClientAsync()).GetInvoice(invoiceId, cancellation);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return View("Unavailable", Unavailable(e));
        }
        if (invoice is null)
            return NotFound();
        using var qr = QRCodeGenerator.GenerateQrCode("lightning:" + invoice.BOLT11.ToUpperInvariant(), QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(qr).GetGraphic(6);
        return View(new CheckoutInvoiceModel(invoice, "data:image/png;base64," + Convert.ToBase64String(png), mockWallet is not null));
    }

    /// <summary>The invoice's status for the page's polling; while Flash cannot be asked, a 503 that says why.</summary>
    [HttpGet("{invoiceId}/status")]
    public async Task<IActionResult> Status(string invoiceId, CancellationToken cancellation)
    {
        try
        {
            return await (await lightning.CreateClientAsync()).GetInvoice(invoiceId, cancellation) is { } invoice
                ? Json(new { status = invoice.Status.ToString() })
                : NotFound();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable, new { status = "Unknown", error = Unavailable(e) });
        }
    }

    private static bool IsUnavailable(Exception e) => e is DemoStoreLightningException or BTCPayServer.Plugins.Flash.GraphQL.FlashApiException;

    /// <summary>What the shopper reads when the store's Lightning node cannot be asked: Flash's reason, and what to do.</summary>
    private static string Unavailable(Exception e) =>
        $"The invoice's status cannot be read right now: {e.Message.TrimEnd('.')}. The invoice is still valid: try again in a moment.";

    /// <summary>Settles the invoice through the embedded mock's control API, as a wallet paying it would.</summary>
    [HttpPost("{invoiceId}/pay-with-mock")]
    public async Task<IActionResult> PayWithMock(string invoiceId, CancellationToken cancellation)
    {
        if (mockWallet is null)
            return NotFound();
        var invoice = await (await lightning.CreateClientAsync()).GetInvoice(invoiceId, cancellation);
        return invoice is null ? NotFound() : Json(new { result = await mockWallet.PayAsync(invoice.BOLT11, cancellation) });
    }
}

public sealed class CheckoutForm
{
    [Range(1, 10_000_000, ErrorMessage = "Enter an amount between 1 and 10,000,000 sats")]
    [Display(Name = "Amount (sats)")]
    public long AmountSats { get; set; } = 2_100;

    [StringLength(200)]
    public string Description { get; set; } = "Demo Store order";
}

public sealed record CheckoutInvoiceModel(LightningInvoice Invoice, string QrCodeDataUri, bool CanPayWithMock);
