using System.Security.Claims;
using BTCPayServer.Abstractions.Constants;
using Microsoft.AspNetCore.Authentication;

namespace Flash.DevHost.Hosting;

/// <summary>
/// Development only: BTCPay's login page reduced to "you are the demo store's owner", who also administers the
/// server (as on a one-person BTCPay). <c>/login?as=store-user</c> signs in an owner of the store who is not a
/// server administrator, to see what BTCPay refuses such users. The cookie scheme carries BTCPay's name, so the
/// plugin's [Authorize(AuthenticationSchemes = Cookie)] means the same here.
/// </summary>
internal static class DevSignIn
{
    public const string LoginPath = "/login";

    /// <summary>The claim that stands for BTCPay's server-administrator rights here.</summary>
    public const string ServerAdminClaim = "flash-devhost:server-admin";

    public static void Map(WebApplication app) =>
        app.MapGet(LoginPath, async (HttpContext context, string? returnUrl, string? @as) =>
        {
            var storeUserOnly = string.Equals(@as, "store-user", StringComparison.Ordinal);
            Claim[] claims = storeUserOnly
                ? [new Claim(ClaimTypes.Name, "employee@demo.local")]
                : [new Claim(ClaimTypes.Name, "owner@demo.local"), new Claim(ServerAdminClaim, "true")];
            var owner = new ClaimsIdentity(claims, AuthenticationSchemes.Cookie);
            await context.SignInAsync(AuthenticationSchemes.Cookie, new ClaimsPrincipal(owner));
            // Only local paths: an open redirect would be a bad habit even here.
            return Results.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        });
}
