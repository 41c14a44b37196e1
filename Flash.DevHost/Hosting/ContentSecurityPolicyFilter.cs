using Microsoft.AspNetCore.Mvc.Filters;

namespace Flash.DevHost.Hosting;

/// <summary>
/// BTCPay's content security policy on every page of the dev host, as BTCPay's global filter
/// (<c>ContentSecurityPolicyAttribute(CSPTemplate.AntiXSS)</c>, Hosting/Startup.cs) sends it: scripts only from the
/// site's own files, no inline script, no inline event handler. BTCPay adds a <c>'nonce-...'</c> to it for each
/// inline script its nonce tag helper marks; neither the plugin's views nor the dev host's have one, so a script that
/// would be blocked inside BTCPay is blocked here too.
/// </summary>
public sealed class ContentSecurityPolicyFilter : IActionFilter
{
    /// <summary>The policy, exactly as BTCPay writes it for a page without nonced scripts.</summary>
    public const string BTCPayPolicy = "script-src 'self'";

    public void OnActionExecuting(ActionExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.Response.Headers.ContentSecurityPolicy = BTCPayPolicy;
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
