using System.ComponentModel.DataAnnotations;
using Flash.DevHost.Store;
using Microsoft.AspNetCore.Mvc;
using QRCoder;

namespace Flash.DevHost.Checkout;

/// <summary>
/// The demo store's checkout, standing in for BTCPay's: an amount becomes a checkout (<see cref="DemoCheckouts"/>) with
/// a lightning invoice from the store's node (the plugin's client), shown as BOLT11 text and QR code. As on BTCPay, the
/// page reads the checkout, never Flash: the store's listener marks it paid, and the plugin's renewal gives it a new
/// BOLT11 when Flash's expires, which the page shows as it polls.
/// </summary>
[Route("demo/checkout")]
[AutoValidateAntiforgeryToken]
public sealed class CheckoutController(DemoCheckouts checkouts, TimeProvider time, MockWallet? mockWallet = null) : Controller
{
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
            var checkout = await checkouts.CreateAsync(form.AmountSats, form.Description, cancellation);
            return RedirectToAction(nameof(Invoice), new { checkoutId = checkout.Id });
        }
        catch (Exception e) when (e is DemoStoreLightningException or FormatException or BTCPayServer.Plugins.Flash.GraphQL.FlashApiException or BTCPayServer.Plugins.Flash.Lightning.FlashAnswerRejectedException)
        {
            ModelState.AddModelError("", e.Message);
            return View(nameof(Index), form);
        }
    }

    [HttpGet("{checkoutId}")]
    public IActionResult Invoice(string checkoutId) =>
        checkouts.Find(checkoutId) is { } checkout
            ? View(new CheckoutInvoiceModel(checkout, checkout.StatusAt(time.GetUtcNow()), QrCodeDataUri(checkout.Bolt11), mockWallet is not null))
            : NotFound();

    /// <summary>For the page's polling: the checkout's status and the BOLT11 (and QR code) it shows now.</summary>
    [HttpGet("{checkoutId}/status")]
    public IActionResult Status(string checkoutId) =>
        checkouts.Find(checkoutId) is { } checkout
            ? Json(new { status = checkout.StatusAt(time.GetUtcNow()).ToString(), bolt11 = checkout.Bolt11, qr = QrCodeDataUri(checkout.Bolt11) })
            : NotFound();

    /// <summary>Settles the checkout's current BOLT11 through the embedded mock's control API, as a wallet paying it would.</summary>
    [HttpPost("{checkoutId}/pay-with-mock")]
    public async Task<IActionResult> PayWithMock(string checkoutId, CancellationToken cancellation)
    {
        if (mockWallet is null || checkouts.Find(checkoutId) is not { } checkout)
            return NotFound();
        return Json(new { result = await mockWallet.PayAsync(checkout.Bolt11, cancellation) });
    }

    private static string QrCodeDataUri(string bolt11)
    {
        using var qr = QRCodeGenerator.GenerateQrCode("lightning:" + bolt11.ToUpperInvariant(), QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(6));
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

public sealed record CheckoutInvoiceModel(DemoCheckout Checkout, DemoCheckoutStatus Status, string QrCodeDataUri, bool CanPayWithMock);
