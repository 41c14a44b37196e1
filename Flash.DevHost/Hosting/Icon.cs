using Microsoft.AspNetCore.Mvc;

namespace Flash.DevHost.Hosting;

/// <summary>
/// BTCPay's icon view component under its full name (<c>BTCPayServer.Components.Icon.Icon</c>, what
/// <c>&lt;vc:icon symbol="..." /&gt;</c> invokes): an SVG that shows one symbol of the site's icon sprite.
/// </summary>
[ViewComponent(Name = "BTCPayServer.Components.Icon.Icon")]
public sealed class Icon : ViewComponent
{
    public IViewComponentResult Invoke(string symbol, string? cssClass = null) => View(new IconModel(symbol, cssClass));
}

public sealed record IconModel(string Symbol, string? CssClass);
