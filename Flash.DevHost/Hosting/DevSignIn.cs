using System.Security.Claims;
using BTCPayServer.Abstractions.Constants;
using Microsoft.AspNetCore.Authentication;

namespace Flash.DevHost.Hosting;

/// <summary>
/// Development only: BTCPay's login page reduced to "you are the demo store's owner". The cookie scheme carries
/// BTCPay's name, so the plugin's [Authorize(AuthenticationSchemes = Cookie)] means the same here.
/// </summary>
internal static class DevSignIn
{
    public const string LoginPath = "/login";

    public static void Map(WebApplication app) =>
        app.MapGet(LoginPath, async (HttpContext context, string? returnUrl) =>
        {
            var owner = new ClaimsIdentity([new Claim(ClaimTypes.Name, "owner@demo.local")], AuthenticationSchemes.Cookie);
            await context.SignInAsync(AuthenticationSchemes.Cookie, new ClaimsPrincipal(owner));
            // Only local paths: an open redirect would be a bad habit even here.
            return Results.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        });
}
