using Flash.DevHost.Store;
using Microsoft.AspNetCore.Authorization;

namespace Flash.DevHost.Hosting;

/// <summary>
/// The dev host's stand-in for BTCPay's store policies: a signed-in user may modify the demo store's settings,
/// and no other store's.
/// </summary>
public sealed class StoreOwnerRequirement : IAuthorizationRequirement;

public sealed class StoreOwnerAuthorizationHandler(IHttpContextAccessor accessor) : AuthorizationHandler<StoreOwnerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StoreOwnerRequirement requirement)
    {
        var http = accessor.HttpContext;
        if (context.User.Identity?.IsAuthenticated == true && http is not null
            && string.Equals(http.GetRouteValue("storeId") as string, DemoStore.DemoId, StringComparison.Ordinal))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
