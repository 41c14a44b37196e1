namespace Flash.MockServer.Auth;

internal enum AccessKind
{
    /// <summary>Anyone, signed in or not (Flash serves these without authentication).</summary>
    Public,

    /// <summary>A session, or a credential holding the scope of its dialect.</summary>
    Scoped,

    /// <summary>Only a signed-in user: <c>fk_</c> keys cannot manage keys.</summary>
    SessionOnly,

    /// <summary>A signed-in user or an admin <c>flash_</c> token: non-admin tokens and keys cannot manage tokens.</summary>
    SessionOrAdminToken,
}

/// <summary>What a field demands of the caller, in each dialect's scope vocabulary.</summary>
internal sealed record FieldAccess(AccessKind Kind, string? TokenScope = null, string? ApiKeyScope = null)
{
    public static readonly FieldAccess Public = new(AccessKind.Public);
    public static readonly FieldAccess SessionOnly = new(AccessKind.SessionOnly);
    public static readonly FieldAccess SessionOrAdminToken = new(AccessKind.SessionOrAdminToken);

    public static FieldAccess Scoped(string tokenScope, string apiKeyScope) => new(AccessKind.Scoped, tokenScope, apiKeyScope);
}
