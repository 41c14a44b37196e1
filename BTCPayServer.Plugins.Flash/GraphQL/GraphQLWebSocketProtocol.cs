using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

// The graphql-transport-ws protocol as the WebSocket client speaks it: its messages, their types and the close codes.

/// <summary>The graphql-transport-ws envelope, the same in both directions: <c>{type, id?, payload?}</c>.</summary>
internal sealed class GraphQLWebSocketMessage
{
    [JsonRequired]
    public string Type { get; init; } = "";

    public string? Id { get; init; }

    public JsonElement? Payload { get; init; }
}

/// <summary>The <c>type</c> values of graphql-transport-ws (not the legacy subscriptions-transport-ws ones).</summary>
internal static class GraphQLWebSocketMessageTypes
{
    public const string ConnectionInit = "connection_init";
    public const string ConnectionAck = "connection_ack";
    public const string Ping = "ping";
    public const string Pong = "pong";
    public const string Subscribe = "subscribe";
    public const string Next = "next";
    public const string Error = "error";
    public const string Complete = "complete";
}

/// <summary>
/// The one table of graphql-transport-ws close codes: what each means, which typed error it becomes, and whether
/// a client may reconnect. graphql-ws clients give up on 4400, 4401, 4406, 4409, 4429 and 4500 and may retry
/// 4403 and 4408; 1009 (message too big) is not worth retrying either, since the same message stays too big; anything
/// unlisted (1001 going away, 1006 dropped) is a network event and may be retried.
/// </summary>
internal static class GraphQLWebSocketCloseCodes
{
    public const int NormalClosure = 1000;

    /// <summary>RFC 6455's "message too big": what WebSocket servers (Node's ws among them) send for a message over their limit.</summary>
    public const int MessageTooBig = 1009;
    public const int BadRequest = 4400;
    public const int Unauthorized = 4401;
    public const int Forbidden = 4403;
    public const int SubprotocolNotAcceptable = 4406;
    public const int ConnectionInitialisationTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;
    public const int InternalServerError = 4500;

    /// <summary>Sent by the client itself when no <c>connection_ack</c> arrives in time.</summary>
    public const int ConnectionAcknowledgementTimeout = 4504;

    public enum FailureKind
    {
        Protocol,
        Unauthorized,
        Transient,
        ServerError,
        TooLarge,
    }

    public sealed record Rule(int Code, string Meaning, FailureKind Kind, bool MayRetry);

    private static readonly FrozenDictionary<int, Rule> Rules = new Rule[]
    {
        new(NormalClosure, "The server closed the connection while operations were running", FailureKind.Transient, true),
        new(MessageTooBig, "The server refused a message as too large", FailureKind.TooLarge, false),
        new(BadRequest, "The server rejected a message as invalid", FailureKind.Protocol, false),
        new(Unauthorized, "The server received an operation before acknowledging the connection", FailureKind.Unauthorized, false),
        new(Forbidden, "The server refused the connection's credentials", FailureKind.Unauthorized, true),
        new(SubprotocolNotAcceptable, "The server does not accept the graphql-transport-ws subprotocol", FailureKind.Protocol, false),
        new(ConnectionInitialisationTimeout, "The server timed out waiting for connection_init", FailureKind.Transient, true),
        new(SubscriberAlreadyExists, "The server already runs an operation with that id", FailureKind.Protocol, false),
        new(TooManyInitialisationRequests, "The server received connection_init more than once", FailureKind.Protocol, false),
        new(InternalServerError, "The server failed internally", FailureKind.ServerError, false),
        new(ConnectionAcknowledgementTimeout, "The server did not acknowledge the connection in time", FailureKind.Transient, true),
    }.ToFrozenDictionary(rule => rule.Code);

    public static Rule Lookup(int code) =>
        Rules.TryGetValue(code, out var rule) ? rule : new Rule(code, "The connection closed", FailureKind.Transient, true);

    /// <summary>The typed error for a close; the server's close reason text is never part of it.</summary>
    public static FlashApiException ToException(string server, int code)
    {
        var rule = Lookup(code);
        return rule.Kind switch
        {
            FailureKind.Protocol => new FlashProtocolException(rule.Meaning, server, httpStatus: null, code),
            FailureKind.Unauthorized => new FlashUnauthorizedException(server, httpStatus: null, reasonCode: null, code, rule.MayRetry, rule.Meaning),
            FailureKind.ServerError => new FlashServerErrorException(rule.Meaning, server, code),
            FailureKind.TooLarge => FlashRequestTooLargeException.ForWebSocketClose(server, code),
            _ => new FlashTransientException(rule.Meaning, server, httpStatus: null, innerException: null, code),
        };
    }
}
