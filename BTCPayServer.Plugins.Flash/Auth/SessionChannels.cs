using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The two ways a Kratos session reaches Flash: in the WebSocket's connection_init payload, or as Bearer over
/// HTTP. The session lives only as long as the call that was given it.
/// </summary>
internal sealed class SessionChannels(FlashTransports transports)
{
    public GraphQLWebSocketClient WebSocket(FlashEndpoints endpoints, string session) =>
        transports.WebSocket(endpoints.WebSocket, _ => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Authorization"] = "Bearer " + session }));

    public GraphQLHttpTransport Http(FlashEndpoints endpoints, string session)
    {
        var header = AuthHeader.Bearer(session);
        return transports.Http(endpoints.GraphQL, _ => ValueTask.FromResult<AuthHeader?>(header));
    }

    /// <summary>Maps what Flash said about a session request to the store owner's terms for <paramref name="action"/>.</summary>
    public static ApiTokenProvisioningException Explain(FlashApiException failure, string server, ApiTokenAction action) => failure switch
    {
        FlashUnauthorizedException unauthorized => new(ProvisioningFailure.SessionRejected, action, server, unauthorized.ReasonCode, failure),
        GraphQLRequestErrorException e when e.Errors.Any(x => x.HasCode("NOT_AUTHORIZED") || x.HasCode("UNAUTHENTICATED")) =>
            new(ProvisioningFailure.SessionRejected, action, server, e.Codes.FirstOrDefault(), failure),
        FlashRequestTooLargeException => new(ProvisioningFailure.RequestTooLarge, action, server, null, failure),
        FlashTransientException or FlashProtocolException => new(ProvisioningFailure.ServerUnreachable, action, server, null, failure),
        _ => new(ProvisioningFailure.Refused, action, server, (failure as GraphQLRequestErrorException)?.Codes.FirstOrDefault(), failure),
    };

    /// <summary>Maps payload errors (<c>errors</c> of a token mutation) to a failure of <paramref name="action"/>.</summary>
    public static ApiTokenProvisioningException Explain(IReadOnlyList<PayloadError> errors, string server, ApiTokenAction action)
    {
        var code = errors.Select(e => e.Code).FirstOrDefault(c => c is not null);
        var failure = code switch
        {
            not null when code.StartsWith("TOO_MANY", StringComparison.Ordinal) || code.Contains("LIMIT", StringComparison.Ordinal) => ProvisioningFailure.TokenLimitReached,
            not null when code.Contains("SCOPE", StringComparison.Ordinal) => ProvisioningFailure.ScopesRefused,
            // NOT_FOUND, and the longer forms servers use (API_KEY_NOT_FOUND).
            not null when code.Contains("NOT_FOUND", StringComparison.Ordinal) => ProvisioningFailure.TokenNotFound,
            "INVALID_INPUT" => ProvisioningFailure.InvalidRequest,
            "NOT_AUTHORIZED" or "UNAUTHENTICATED" => ProvisioningFailure.SessionRejected,
            _ => ProvisioningFailure.Refused,
        };
        return new ApiTokenProvisioningException(failure, action, server, code);
    }
}
