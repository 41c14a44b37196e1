using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Settings;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The two ways a Kratos session reaches Flash: in the WebSocket's connection_init payload, or as Bearer over
/// HTTP. The session lives only as long as the call that was given it.
/// </summary>
internal sealed class SessionChannels(FlashTransports transports)
{
    public GraphQLWebSocketClient WebSocket(FlashEndpoints endpoints, string session, GraphQLTransportCounters? counters) =>
        transports.WebSocket(endpoints.WebSocket, _ => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Authorization"] = "Bearer " + session }), counters);

    public GraphQLHttpTransport Http(FlashEndpoints endpoints, string session, GraphQLTransportCounters? counters)
    {
        var header = AuthHeader.Bearer(session);
        return transports.Http(endpoints.GraphQL, _ => ValueTask.FromResult<AuthHeader?>(header), counters: counters);
    }

    /// <summary>Maps what Flash said about a session request to the store owner's terms.</summary>
    public static ApiTokenProvisioningException Explain(FlashApiException failure, string server) => failure switch
    {
        FlashUnauthorizedException => new(ProvisioningFailure.SessionRejected, server, (failure as FlashUnauthorizedException)?.ReasonCode, failure),
        GraphQLRequestErrorException e when e.Errors.Any(x => x.HasCode("NOT_AUTHORIZED") || x.HasCode("UNAUTHENTICATED")) =>
            new(ProvisioningFailure.SessionRejected, server, e.Codes.FirstOrDefault(), failure),
        FlashTransientException or FlashProtocolException => new(ProvisioningFailure.ServerUnreachable, server, null, failure),
        _ => new(ProvisioningFailure.Refused, server, (failure as GraphQLRequestErrorException)?.Codes.FirstOrDefault(), failure),
    };

    /// <summary>Maps payload errors (<c>errors</c> of a token mutation) to a failure.</summary>
    public static ApiTokenProvisioningException Explain(IReadOnlyList<PayloadError> errors, string server)
    {
        var code = errors.Select(e => e.Code).FirstOrDefault(c => c is not null);
        var failure = code switch
        {
            not null when code.StartsWith("TOO_MANY", StringComparison.Ordinal) || code.Contains("LIMIT", StringComparison.Ordinal) => ProvisioningFailure.TokenLimitReached,
            not null when code.Contains("SCOPE", StringComparison.Ordinal) => ProvisioningFailure.ScopesRefused,
            "INVALID_INPUT" => ProvisioningFailure.InvalidRequest,
            "NOT_AUTHORIZED" or "UNAUTHENTICATED" => ProvisioningFailure.SessionRejected,
            _ => ProvisioningFailure.Refused,
        };
        return new ApiTokenProvisioningException(failure, server, code);
    }
}
