using System.Text.Json;
using BTCPayServer.Lightning;
using Flash.DevHost.Store;
using Microsoft.AspNetCore.Mvc;

namespace Flash.DevHost.Checkout;

/// <summary>
/// LNURL-pay for the demo store (LUD-06, LUD-16's <c>/.well-known/lnurlp/{name}</c>), as BTCPay serves it: the
/// callback's invoice commits to the SHA-256 of the metadata string (<c>DescriptionHashOnly</c>), made by the plugin.
/// <para>
/// LUD-06 wallets refuse an invoice for another amount than they asked, and Flash invoices whole satoshis only, so
/// only whole satoshis are offered: the bounds are whole satoshis, and an amount between two is refused before any
/// invoice is made (LUD-06 has no way to advertise a step).
/// </para>
/// </summary>
public sealed class LnurlPayController(DemoStoreLightning lightning) : Controller
{
    private const long MilliSatoshisPerSatoshi = 1_000;
    private const long MinSendableMsat = 1 * MilliSatoshisPerSatoshi;
    private const long MaxSendableMsat = 10_000_000 * MilliSatoshisPerSatoshi;
    private static readonly TimeSpan InvoiceExpiry = TimeSpan.FromMinutes(10);

    [HttpGet("/.well-known/lnurlp/{name}")]
    public IActionResult PayRequest(string name) =>
        name != DemoStore.Instance.LightningAddressName
            ? NotFound(Error("No such Lightning address"))
            : Json(new
            {
                tag = "payRequest",
                callback = Url.Action(nameof(Callback), null, new { name }, Request.Scheme, Request.Host.Value),
                minSendable = MinSendableMsat,
                maxSendable = MaxSendableMsat,
                metadata = Metadata(name),
            });

    [HttpGet("/demo/lnurlp/{name}/callback")]
    public async Task<IActionResult> Callback(string name, long? amount, CancellationToken cancellation)
    {
        if (name != DemoStore.Instance.LightningAddressName)
            return NotFound(Error("No such Lightning address"));
        if (amount is not ({ } msat and >= MinSendableMsat and <= MaxSendableMsat))
            return BadRequest(Error($"amount must be between {MinSendableMsat} and {MaxSendableMsat} millisatoshis"));
        if (msat % MilliSatoshisPerSatoshi != 0)
        {
            return BadRequest(Error(
                $"{msat} millisatoshis is not a whole number of satoshis, and Flash invoices whole satoshis only: pay a multiple of {MilliSatoshisPerSatoshi} millisatoshis"));
        }
        try
        {
            var client = await lightning.CreateClientAsync();
            var invoice = await client.CreateInvoice(
                new CreateInvoiceParams(LightMoney.MilliSatoshis(msat), Metadata(name), InvoiceExpiry) { DescriptionHashOnly = true }, cancellation);
            return Json(new { pr = invoice.BOLT11, routes = Array.Empty<object>() });
        }
        catch (Exception e) when (e is DemoStoreLightningException or FormatException or BTCPayServer.Plugins.Flash.GraphQL.FlashApiException or BTCPayServer.Plugins.Flash.Lightning.FlashAnswerRejectedException)
        {
            return Json(Error(e.Message));
        }
    }

    /// <summary>LUD-06 metadata: a JSON array of [mime, content] pairs, itself sent as a string.</summary>
    private string Metadata(string name) => JsonSerializer.Serialize(new[]
    {
        new[] { "text/plain", $"Payment to {DemoStore.Instance.StoreName}" },
        new[] { "text/identifier", $"{name}@{Request.Host.Host}" },
    });

    private static object Error(string reason) => new { status = "ERROR", reason };
}
