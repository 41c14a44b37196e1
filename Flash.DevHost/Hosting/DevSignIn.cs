using System.Security.Claims;
using BTCPayServer.Abstractions.Constants;
using BTCPayServer.Plugins.Flash.Controllers;
using Microsoft.AspNetCore.Authentication;

namespace Flash.DevHost.Hosting;

/// <summary>
/// Development only: BTCPay's login page reduced to "you are the demo store's owner", who also administers the
/// server (as on a one-person BTCPay). <c>/login?as=store-user</c> signs in an owner of the store who is not a
/// server administrator, to see what BTCPay refuses such users; <c>/login?as=store-manager</c> a user with the
/// store's Manager role, who may view the store's settings but not modify them (BTCPay's built-in role). The cookie
/// scheme carries BTCPay's name, so the plugin's [Authorize(AuthenticationSchemes = Cookie)] means the same here.
/// </summary>
internal static class DevSignIn
{
    public const string LoginPath = "/login";

    /// <summary>The claim that stands for BTCPay's server-administrator rights here.</summary>
    public const string ServerAdminClaim = "flash-devhost:server-admin";

    /// <summary>A store policy the user's role in the demo store grants (one claim each), as BTCPay's store roles do.</summary>
    public const string StorePermissionClaim = "flash-devhost:store-permission";

    public const string CanViewStoreSettings = "btcpay.store.canviewstoresettings";

    public static void Map(WebApplication app) =>
        app.MapGet(LoginPath, async (HttpContext context, string? returnUrl, string? @as) =>
        {
            Claim[] claims = @as switch
            {
                "store-user" => [new Claim(ClaimTypes.Name, "employee@demo.local"), .. StoreOwner()],
                "store-manager" => [new Claim(ClaimTypes.Name, "manager@demo.local"), new Claim(StorePermissionClaim, CanViewStoreSettings)],
                _ => [new Claim(ClaimTypes.Name, "owner@demo.local"), new Claim(ServerAdminClaim, "true"), .. StoreOwner()],
            };
            var user = new ClaimsIdentity(claims, AuthenticationSchemes.Cookie);
            await context.SignInAsync(AuthenticationSchemes.Cookie, new ClaimsPrincipal(user));
            // Only local paths: an open redirect would be a bad habit even here.
            return Results.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        });

    private static Claim[] StoreOwner() =>
        [new Claim(StorePermissionClaim, UIFlashController.CanModifyStoreSettings), new Claim(StorePermissionClaim, CanViewStoreSettings)];
}
