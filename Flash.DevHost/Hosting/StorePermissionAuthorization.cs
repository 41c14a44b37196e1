using BTCPayServer.Plugins.Flash.StoreConnection;
using Flash.DevHost.Store;
using Microsoft.AspNetCore.Authorization;

namespace Flash.DevHost.Hosting;

/// <summary>
/// The dev host's stand-in for one of BTCPay's store policies (e.g. <c>btcpay.store.canmodifystoresettings</c>): met by a
/// signed-in user whose role in the demo store grants it (<see cref="DevSignIn.StorePermissionClaim"/>), for the demo
/// store only.
/// </summary>
public sealed class StorePermissionRequirement(string policy) : IAuthorizationRequirement
{
    public string Policy { get; } = policy;
}

/// <summary>
/// Finds the store a check is about as BTCPay's permission handler does: the store named by the caller (the
/// <c>permission-resource</c> of BTCPay's tag helper, or <c>AuthorizeAsync(user, storeId, policy)</c>), else the
/// request's. The route's store id comes first here, because the dev host puts its one store in every request
/// before authorization, where BTCPay puts it there only once authorized.
/// </summary>
public sealed class StorePermissionAuthorizationHandler(IHttpContextAccessor accessor) : AuthorizationHandler<StorePermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StorePermissionRequirement requirement)
    {
        var storeId = context.Resource as string ?? (accessor.HttpContext is { } http ? CurrentStore.IdOf(http) : null);
        if (context.User.Identity?.IsAuthenticated == true
            && string.Equals(storeId, DemoStore.DemoId, StringComparison.Ordinal)
            && context.User.HasClaim(DevSignIn.StorePermissionClaim, requirement.Policy))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
