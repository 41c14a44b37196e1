namespace Flash.MockServer.GraphQL;

/// <summary>graphql-transport-ws close codes (the protocol's PROTOCOL.md in enisdenjo/graphql-ws), and RFC 6455's going-away and message-too-big.</summary>
internal static class WebSocketCloseCodes
{
    /// <summary>RFC 6455: the server is going down; clients may reconnect later.</summary>
    public const int GoingAway = 1001;

    /// <summary>RFC 6455: a message over the server's limit.</summary>
    public const int MessageTooBig = 1009;
    public const int InvalidMessage = 4400;
    public const int Unauthorized = 4401;
    public const int Forbidden = 4403;
    public const int ConnectionInitialisationTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;
    public const int InternalServerError = 4500;
}
