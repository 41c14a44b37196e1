using BTCPayServer.Plugins.Flash.GraphQL;
using Microsoft.Extensions.Logging;

using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Turns a Flash sign-in (Kratos session token) into a long-lived API token, once. First Flash's API token
/// service (<see cref="ApiTokenDialect"/>: <c>apiTokenCreate</c> over the WebSocket, <c>flash_</c> tokens). When the server refuses mutations
/// there (Flash's "Only subscription operations are supported"), lacks the operation, or closes with 4400/4403,
/// the API key service, as Flash runs today (<see cref="ApiKeyDialect"/>: <c>apiKeyCreate</c> over HTTP with the
/// session as Bearer, <c>fk_</c> keys). The
/// returned token is validated before anyone stores it; the session token is used for this call only and is never
/// stored or logged.
/// </summary>
public sealed class ApiTokenProvisioner
{
    private readonly SessionChannels _channels;
    private readonly ILogger _logger;

    public ApiTokenProvisioner(FlashTransports transports, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _channels = new SessionChannels(transports);
        _logger = loggers.CreateLogger<ApiTokenProvisioner>();
    }

    /// <exception cref="ApiTokenProvisioningException">Flash did not hand out a usable token; the message says why.</exception>
    public async Task<ProvisionedApiToken> ProvisionAsync(
        FlashEndpoints endpoints, string sessionToken, ApiTokenRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(sessionToken))
            throw new ApiTokenProvisioningException(ProvisioningFailure.SessionRejected, ApiTokenAction.Create, endpoints.Server);
        var session = sessionToken.Trim();
        try
        {
            return await ApiTokenDialect.Instance.ProvisionAsync(_channels, endpoints, session, request, cancellation);
        }
        catch (ApiTokenProvisioningException refused) when (refused.InnerException is FlashApiException failure && CallsForHttpFallback(failure))
        {
            _logger.LogInformation("Flash at {Server} did not create an API token over the WebSocket ({Failure}); using apiKeyCreate over HTTP",
                endpoints.Server, failure.GetType().Name);
        }
        return await ApiKeyDialect.Instance.ProvisionAsync(_channels, endpoints, session, request, cancellation);
    }

    /// <summary>The server cannot create tokens over the WebSocket; asking over HTTP may work.</summary>
    private static bool CallsForHttpFallback(FlashApiException failure) => failure switch
    {
        // Refused as too large: the HTTP request carries the same session and a like address, and its answer
        // (often only "no apiKeyCreate here") would hide the cause the owner can fix.
        FlashRequestTooLargeException => false,
        GraphQLRequestErrorException { ServerAcceptsOnlySubscriptions: true } => true,
        // Validation errors for this document mean the server has no apiTokenCreate (Flash today).
        GraphQLRequestErrorException e => !e.Errors.Any(x => x.HasCode("NOT_AUTHORIZED") || x.HasCode("UNAUTHENTICATED"))
            && e.Messages.Any(m => m.Contains("apiTokenCreate", StringComparison.Ordinal) || m.Contains("ApiTokenCreateInput", StringComparison.Ordinal)),
        { WebSocketCloseStatus: 4400 or 4403 } => true,
        // No WebSocket at all (refused upgrade, unreachable endpoint): the HTTP endpoint may still answer.
        FlashTransientException or FlashProtocolException => true,
        _ => false,
    };
}
