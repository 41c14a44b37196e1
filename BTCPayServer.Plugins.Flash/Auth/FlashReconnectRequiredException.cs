using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>
/// The store's Flash connection must be set up again: nothing retries its way out of this. The message tells the
/// store owner what to do; it never contains the token.
/// </summary>
public sealed class FlashReconnectRequiredException : FlashApiException
{
    public FlashReconnectRequiredException(ReconnectReason reason, string server, int? httpStatus = null, Exception? innerException = null)
        : base(Describe(reason), server, httpStatus, null, mayRetry: false, innerException)
    {
        Reason = reason;
    }

    public ReconnectReason Reason { get; }

    private static string Describe(ReconnectReason reason) => reason switch
    {
        ReconnectReason.TokenRejected => "Flash refused the API token: it was revoked or has expired. Reconnect Flash in the store settings",
        ReconnectReason.KeyRingChanged => "The stored Flash API token cannot be decrypted (the server's data protection keys changed). Reconnect Flash in the store settings",
        ReconnectReason.NotConnected => "Flash is not connected for this store. Connect Flash in the store settings",
        ReconnectReason.ConnectionStringMismatch =>
            "This Lightning connection string does not match the store's Flash connection (its key was replaced, or it was copied from another store). Paste the connection string shown in the store's Flash settings",
        _ => "The stored Flash API token is not readable. Reconnect Flash in the store settings",
    };
}
