namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>The two dialects, and the one place a token's kind picks its dialect.</summary>
internal static class ApiTokenDialects
{
    /// <summary>In the order a server is asked: the API token service over the WebSocket first, then the API key service over HTTP.</summary>
    public static IReadOnlyList<IApiTokenDialect> All { get; } = [ApiTokenDialect.Instance, ApiKeyDialect.Instance];

    public static IApiTokenDialect For(FlashApiTokenKind kind) => kind switch
    {
        FlashApiTokenKind.ApiToken => ApiTokenDialect.Instance,
        FlashApiTokenKind.ApiKey => ApiKeyDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a Flash token kind"),
    };
}
