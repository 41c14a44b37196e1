using BTCPayServer.Abstractions.Constants;
using BTCPayServer.Plugins.Flash.Controllers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flash.DevHost.Store;

/// <summary>The dev host's own pages around the plugin: the store's dashboard and its Lightning setup.</summary>
public sealed class HomeController(DemoStoreLightning lightning) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index() => View(new StorePageModel(DemoStore.Instance, await lightning.ConnectionStringAsync()));

    /// <summary>
    /// Like BTCPay's "Connect to a Lightning node" page of one chain, for users who may modify the store (as BTCPay
    /// requires), with BTCPay's extension points. The demo store's Flash connection is its BTC node; other chains have none.
    /// </summary>
    [HttpGet("/stores/{storeId}/lightning/{cryptoCode}/setup")]
    [Authorize(AuthenticationSchemes = AuthenticationSchemes.Cookie, Policy = UIFlashController.CanModifyStoreSettings)]
    public async Task<IActionResult> LightningSetup(string storeId, string cryptoCode)
    {
        if (storeId != DemoStore.DemoId || !DemoStore.Instance.LightningCryptoCodes.Contains(cryptoCode, StringComparer.OrdinalIgnoreCase))
            return NotFound();
        return View(new LightningNodeViewModel
        {
            StoreId = storeId,
            // As BTCPay, the chain exactly as the address names it.
            CryptoCode = cryptoCode,
            ConnectionString = string.Equals(cryptoCode, "BTC", StringComparison.OrdinalIgnoreCase) ? await lightning.ConnectionStringAsync() : null,
        });
    }
}

public sealed record StorePageModel(DemoStore Store, string? LightningConnectionString);
