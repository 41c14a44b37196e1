using System.Net;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.AspNetCore.Http;

namespace Flash.MockServer.Auth;

/// <summary>
/// Reads HTTP credentials the way each dialect's gateway does. <c>X-API-KEY: fk_...</c> (the API key service),
/// <c>Authorization: Bearer flash_...</c> (the API token service), <c>Authorization: Bearer &lt;session&gt;</c> (accepted by Flash
/// today; refused by the API token service, which reproduces the plugin's original 401). A key sent as Bearer is refused.
/// </summary>
internal sealed class HttpAuthenticator(MockServices services)
{
    public const string ApiKeyHeader = "X-API-KEY";

    private TokenDialect Dialect => services.Options.Dialect;

    /// <summary>The style for requests that carry no credential of a particular dialect.</summary>
    public ResponseStyle DefaultStyle => Dialect == TokenDialect.Seed ? ResponseStyle.Seed : ResponseStyle.Fip07;

    public async Task<HttpAuthentication> AuthenticateAsync(HttpRequest request, IPAddress? ip, CancellationToken cancellation)
    {
        if (request.Headers.TryGetValue(ApiKeyHeader, out var apiKey))
        {
            return Dialect == TokenDialect.Seed
                ? new HttpAuthentication.Refused(ResponseStyle.Seed, "API keys are not accepted by this server")
                : From(await services.Credentials.VerifyAsync(CredentialKind.ApiKey, apiKey.ToString().Trim(), ip, cancellation), ResponseStyle.Fip07);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
            return new HttpAuthentication.Authenticated(Caller.Anonymous, DefaultStyle);
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new HttpAuthentication.Refused(DefaultStyle, "Only Bearer authorization is supported");

        var value = authorization["Bearer ".Length..].Trim();
        if (value.StartsWith(FlashTokenFormat.Prefix, StringComparison.Ordinal))
        {
            return Dialect == TokenDialect.Fip07
                ? new HttpAuthentication.Refused(ResponseStyle.Fip07, "Unknown credential")
                : From(await services.Credentials.VerifyAsync(CredentialKind.Token, value, ip, cancellation), ResponseStyle.Seed);
        }
        if (value.StartsWith(ApiKeyFormat.Prefix, StringComparison.Ordinal))
            return new HttpAuthentication.Refused(ResponseStyle.Fip07, "API keys go in the X-API-KEY header");
        if (Dialect == TokenDialect.Seed)
            return new HttpAuthentication.Refused(ResponseStyle.Seed, "Session tokens are not accepted over HTTP; use an API token");

        var accountId = await services.Accounts.FindSessionAccountAsync(value, cancellation);
        return accountId is null
            ? new HttpAuthentication.Refused(ResponseStyle.Fip07, "Unknown or expired session")
            : new HttpAuthentication.Authenticated(new SessionCaller(accountId), ResponseStyle.Fip07);
    }

    private static HttpAuthentication From(CredentialVerification verification, ResponseStyle style) => verification switch
    {
        CredentialVerification.Accepted accepted => new HttpAuthentication.Authenticated(new CredentialCaller(accepted.Credential), style),
        CredentialVerification.RateLimited limited => new HttpAuthentication.Limited(limited.Credential, limited.RetryAfter, limited.Limit, style),
        CredentialVerification.Rejected rejected => new HttpAuthentication.Refused(style, rejected.Reason switch
        {
            CredentialRejection.Expired => "The token has expired",
            CredentialRejection.Revoked => "The token has been revoked",
            _ => "The token is not valid",
        }),
        _ => throw new InvalidOperationException("Unexpected verification outcome"),
    };
}
