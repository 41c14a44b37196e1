using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace BTCPayServer.Abstractions.TagHelpers;

/// <summary>
/// BTCPay's <c>permission="..."</c> attribute: the element is rendered only for a user whom the authorization
/// service grants one of the comma-separated policies (all of them with <see cref="AndMode"/>) and none of
/// <see cref="NotPermission"/>, for <see cref="PermissionResource"/> (null: the store the request is about).
/// </summary>
[HtmlTargetElement(Attributes = "[permission]")]
[HtmlTargetElement(Attributes = "[not-permission]")]
public class PermissionTagHelper(IAuthorizationService authorizationService, IHttpContextAccessor httpContextAccessor)
    : TagHelper
{
    public string Permission { get; set; }
    public string NotPermission { get; set; }
    public string PermissionResource { get; set; }
    public bool AndMode { get; set; } = false;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var required = Policies(Permission);
        var excluded = Policies(NotPermission);
        var http = httpContextAccessor.HttpContext;
        if (required.Length + excluded.Length == 0 || http is null)
            return;

        var granted = 0;
        foreach (var policy in required)
        {
            if (await Grants(http, policy))
                granted++;
        }
        var render = required.Length == 0 || (AndMode ? granted == required.Length : granted > 0);
        foreach (var policy in excluded)
        {
            if (render && await Grants(http, policy))
                render = false;
        }
        if (!render)
            output.SuppressOutput();
    }

    private static string[] Policies(string list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? Array.Empty<string>();

    private async Task<bool> Grants(HttpContext http, string policy) =>
        (await authorizationService.AuthorizeAsync(http.User, PermissionResource, policy)).Succeeded;
}
