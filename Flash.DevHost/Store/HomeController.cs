using Flash.DevHost.Store;
using Microsoft.AspNetCore.Mvc;

namespace Flash.DevHost.Store;

/// <summary>The dev host's own pages around the plugin: the store's dashboard and its Lightning setup.</summary>
public sealed class HomeController(DemoStoreLightning lightning) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index() => View(new StorePageModel(DemoStore.Instance, await lightning.ConnectionStringAsync()));

    /// <summary>Like BTCPay's "Connect to a Lightning node" page, with the plugin's extension on the custom node tab.</summary>
    [HttpGet("/stores/{storeId}/lightning/BTC/setup")]
    public async Task<IActionResult> LightningSetup(string storeId) =>
        storeId == DemoStore.DemoId ? View(new StorePageModel(DemoStore.Instance, await lightning.ConnectionStringAsync())) : NotFound();
}

public sealed record StorePageModel(DemoStore Store, string? LightningConnectionString);
