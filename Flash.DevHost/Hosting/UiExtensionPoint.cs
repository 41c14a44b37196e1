using BTCPayServer.Abstractions.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Flash.DevHost.Hosting;

/// <summary>
/// BTCPay's <c>&lt;vc:ui-extension-point location="..." model="..." /&gt;</c>: renders every registered
/// <see cref="IUIExtension"/> partial for a location, passing the page's model through.
/// </summary>
public sealed class UiExtensionPoint(IEnumerable<IUIExtension> extensions) : ViewComponent
{
    public IViewComponentResult Invoke(string location, object? model = null) =>
        View(new UiExtensionPointModel(extensions.Where(e => e.Location == location).Select(e => e.Partial).ToList(), model));
}

public sealed record UiExtensionPointModel(IReadOnlyList<string> Partials, object? Model);
