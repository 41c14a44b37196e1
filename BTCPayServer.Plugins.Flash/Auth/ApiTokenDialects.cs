namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>The two dialects, and the one place a token's kind picks its dialect.</summary>
internal static class ApiTokenDialects
{
    /// <summary>In the order a server is asked: the seed design first, then Flash today's keys.</summary>
    public static IReadOnlyList<IApiTokenDialect> All { get; } = [SeedTokenDialect.Instance, ApiKeyDialect.Instance];

    public static IApiTokenDialect For(FlashApiTokenKind kind) => kind switch
    {
        FlashApiTokenKind.SeedToken => SeedTokenDialect.Instance,
        FlashApiTokenKind.ApiKey => ApiKeyDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a Flash token kind"),
    };
}
