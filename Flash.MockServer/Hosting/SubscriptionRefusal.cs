namespace Flash.MockServer.Hosting;

/// <summary>How the WebSocket refuses a subscription its caller may not run (here: <c>myUpdates</c> without a session).</summary>
public enum SubscriptionRefusal
{
    /// <summary>
    /// Checked before the operation runs, like the HTTP endpoint's access rules: one graphql-transport-ws
    /// <c>error</c> message, <c>Not authorized to access Subscription.myUpdates</c> with code NOT_AUTHORIZED.
    /// </summary>
    ErrorMessage,

    /// <summary>
    /// As Flash's WebSocket server, whose schema has no access rules of its own: the subscription's resolver refuses,
    /// so the client gets a <c>next</c> whose result holds the error (<c>Not Authenticated for subscription</c>, code
    /// NOT_AUTHENTICATED under <c>extensions</c>), then <c>complete</c>.
    /// </summary>
    ResolverError,
}
