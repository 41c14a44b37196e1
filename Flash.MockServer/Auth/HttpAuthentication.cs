using Flash.MockServer.Storage;

namespace Flash.MockServer.Auth;

/// <summary>How refusals look: the API token service (<c>Seed</c>) speaks RFC 6750, Flash today answers like its gateway.</summary>
internal enum ResponseStyle
{
    Seed,
    Fip07,
}

/// <summary>The result of reading a request's credentials.</summary>
internal abstract record HttpAuthentication(ResponseStyle Style)
{
    public sealed record Authenticated(Caller Caller, ResponseStyle Style) : HttpAuthentication(Style);

    /// <summary>A credential was presented and is not acceptable. <see cref="Description"/> never quotes it.</summary>
    public sealed record Refused(ResponseStyle Style, string Description) : HttpAuthentication(Style);

    public sealed record Limited(Credential Credential, TimeSpan RetryAfter, int Limit, ResponseStyle Style) : HttpAuthentication(Style);
}
