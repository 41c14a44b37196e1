using Flash.MockServer.Auth;
using GraphQL;

namespace Flash.MockServer.GraphQL;

internal static class ResolverContext
{
    public static MockRequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as MockRequestContext ?? throw new InvalidOperationException("Resolvers run only inside a mock request");

    /// <summary>The calling account. Access was checked before execution, so a missing account is a bug, not a client error.</summary>
    public static string AccountId(this IResolveFieldContext context) =>
        context.Request().Caller.AccountId ?? throw new InvalidOperationException("This field requires an authenticated caller");

    public static InputReader Input(this IResolveFieldContext context) =>
        new(context.GetArgument<Dictionary<string, object?>>("input") ?? throw new ArgumentException("input is required"));

    public static IReadOnlyList<ApplicationError> NoErrors { get; } = [];

    public static IReadOnlyList<ApplicationError> Error(string message, string code) => [new ApplicationError(message, code)];

    public static bool IsSession(this IResolveFieldContext context) => context.Request().Caller is SessionCaller;
}
