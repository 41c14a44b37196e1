using System.Globalization;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Settings;
using Microsoft.Extensions.Logging;

using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// Turns a Flash sign-in (Kratos session token) into a long-lived API token, once. First the seed design:
/// <c>apiTokenCreate</c> over the WebSocket with the session in connection_init. When the server refuses mutations
/// there (Flash's "Only subscription operations are supported"), lacks the operation, or closes with 4400/4403,
/// Flash today's way: <c>apiKeyCreate</c> over HTTP with the session as Bearer. The returned token is validated
/// before anyone stores it; the session token is used for this call only and is never stored or logged.
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
            return await OverWebSocketAsync(endpoints, session, request, cancellation);
        }
        catch (FlashApiException failure) when (CallsForHttpFallback(failure))
        {
            _logger.LogInformation("Flash at {Server} did not create an API token over the WebSocket ({Failure}); using apiKeyCreate over HTTP",
                endpoints.Server, failure.GetType().Name);
        }
        return await OverHttpAsync(endpoints, session, request, cancellation);
    }

    private async Task<ProvisionedApiToken> OverWebSocketAsync(
        FlashEndpoints endpoints, string session, ApiTokenRequest request, CancellationToken cancellation)
    {
        await using var socket = _channels.WebSocket(endpoints, session);
        var variables = new InputVariables<ApiTokenCreateInput>(new ApiTokenCreateInput(request.Name, ApiTokenScopes.SeedToken, request.ExpiresInSeconds, request.RateLimitPerMinute));
        JsonElement data;
        try
        {
            data = await socket.ExecuteAsync(
                FlashOperations.ApiTokenCreate.Request(variables, TokenJsonContext.Default.InputVariablesApiTokenCreateInput),
                cancellation);
        }
        catch (FlashApiException failure) when (!CallsForHttpFallback(failure))
        {
            throw SessionChannels.Explain(failure, endpoints.Server, ApiTokenAction.Create);
        }
        var payload = Read(data, TokenJsonContext.Default.ApiTokenCreateData, endpoints.Server, ApiTokenAction.Create).ApiTokenCreate;
        return ToProvisioned(payload, ProvisioningMethod.WebSocketApiTokenCreate, endpoints.Server, ApiTokenAction.Create);
    }

    private async Task<ProvisionedApiToken> OverHttpAsync(
        FlashEndpoints endpoints, string session, ApiTokenRequest request, CancellationToken cancellation)
    {
        var http = _channels.Http(endpoints, session);
        var variables = new InputVariables<ApiKeyCreateInput>(new ApiKeyCreateInput(request.Name, ApiTokenScopes.ApiKey, request.ExpiresInSeconds, request.RateLimitPerMinute));
        JsonElement data;
        try
        {
            // A mutation: a retried create could leave a second key behind, so it is not repeated.
            data = await http.ExecuteAsync(
                FlashOperations.ApiKeyCreate.Request(variables, TokenJsonContext.Default.InputVariablesApiKeyCreateInput),
                OperationSafety.Unsafe, cancellation);
        }
        catch (FlashApiException failure) when (MayHaveRun(failure))
        {
            // Flash (or a proxy in front of it) got the request and the answer was lost: the key may exist, unlisted
            // anywhere the plugin keeps; the owner is told where to find it.
            throw new ApiTokenProvisioningException(ProvisioningFailure.CreateOutcomeUnknown, ApiTokenAction.Create, endpoints.Server,
                innerException: failure, tokenName: request.Name);
        }
        catch (FlashApiException failure)
        {
            throw SessionChannels.Explain(failure, endpoints.Server, ApiTokenAction.Create);
        }
        var payload = Read(data, TokenJsonContext.Default.ApiKeyCreateData, endpoints.Server, ApiTokenAction.Create).ApiKeyCreate;
        return ToProvisioned(payload, ProvisioningMethod.HttpApiKeyCreate, endpoints.Server, ApiTokenAction.Create);
    }

    /// <summary>The token a create or rotate handed out; its name is kept as it will be shown (see <see cref="ApiTokenNames"/>).</summary>
    internal static ProvisionedApiToken ToProvisioned(ApiTokenPayload payload, ProvisioningMethod method, string server, ApiTokenAction action)
    {
        if (payload.Errors is { Count: > 0 } errors)
            throw SessionChannels.Explain(errors, server, action);
        var created = payload.ApiToken ?? throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);
        var token = ValidToken(created.Token, server, action);
        var expiresAt = created.ExpiresAt is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
        return new ProvisionedApiToken(token, method, created.Id, ApiTokenNames.ForDisplay(created.Name), created.Scopes, expiresAt, created.RateLimitPerMinute);
    }

    /// <inheritdoc cref="ToProvisioned(ApiTokenPayload, ProvisioningMethod, string, ApiTokenAction)"/>
    internal static ProvisionedApiToken ToProvisioned(ApiKeyPayload payload, ProvisioningMethod method, string server, ApiTokenAction action)
    {
        if (payload.Errors is { Count: > 0 } errors)
            throw SessionChannels.Explain(errors, server, action);
        var created = payload.ApiKey ?? throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);
        var token = ValidToken(created.ApiKey, server, action);
        var expiresAt = created.ExpiresAt is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        return new ProvisionedApiToken(token, method, created.Id, ApiTokenNames.ForDisplay(created.Name), created.Scopes, expiresAt, created.RateLimitPerMinute);
    }

    internal static T Read<T>(JsonElement data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string server, ApiTokenAction action)
    {
        // Creating and rotating expect a token back; listing and revoking only an answer.
        var failure = action is ApiTokenAction.Create or ApiTokenAction.Rotate ? ProvisioningFailure.InvalidTokenReturned : ProvisioningFailure.UnreadableAnswer;
        try
        {
            return data.Deserialize(type) ?? throw new ApiTokenProvisioningException(failure, action, server);
        }
        catch (JsonException e)
        {
            // The exception's message can quote the offending value, which may be the token: keep only its type.
            throw new ApiTokenProvisioningException(failure, action, server, null, new FormatException(e.GetType().Name));
        }
    }

    private static FlashApiToken ValidToken(string? text, string server, ApiTokenAction action) =>
        FlashApiToken.TryParse(text, out var token, out _) ? token! : throw new ApiTokenProvisioningException(ProvisioningFailure.InvalidTokenReturned, action, server);

    /// <summary>
    /// Whether a request that failed may have run all the same: the server or a proxy answered with a failure status,
    /// the connection broke after the request went out, the attempt timed out, or a success came back unreadable.
    /// A connection that could not be made, or a server the transport refuses to reach, ran nothing.
    /// </summary>
    private static bool MayHaveRun(FlashApiException failure) => failure switch
    {
        FlashTransientException { HttpStatus: not null } => true,
        FlashTransientException { InnerException: HttpRequestException e } =>
            e.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError),
        FlashTransientException { InnerException: IOException or OperationCanceledException } => true,
        FlashProtocolException { HttpStatus: >= 200 and < 300 } => true,
        _ => false,
    };

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
