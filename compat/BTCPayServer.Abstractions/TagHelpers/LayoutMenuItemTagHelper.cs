using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace BTCPayServer.Abstractions.TagHelpers;

/// <summary>
/// BTCPay's <c>layout-menu-item="Name"</c> on a navigation link: id <c>menu-item-Name</c>, classes
/// <c>menu-item nav-link</c>, and <c>active</c> while the page's <c>ViewData["ActivePage"]</c> is that name.
/// </summary>
[HtmlTargetElement(Attributes = "[layout-menu-item]")]
public class LayoutMenuItemTagHelper : TagHelper
{
    [ViewContext]
    public ViewContext ViewContext { get; set; }
    public string LayoutMenuItem { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var active = ViewContext.ViewData["ActivePage"]?.ToString() == LayoutMenuItem;
        output.Attributes.Add("id", "menu-item-" + LayoutMenuItem);
        output.Attributes.Add("class", active ? "menu-item nav-link active" : "menu-item nav-link");
    }
}
