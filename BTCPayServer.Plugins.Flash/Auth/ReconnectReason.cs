namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>Why the stored Flash connection can no longer be used.</summary>
public enum ReconnectReason
{
    /// <summary>Flash refused the token: revoked, expired, or not valid for this server.</summary>
    TokenRejected,

    /// <summary>The encrypted token cannot be decrypted (BTCPay's DataProtection key ring changed or was lost).</summary>
    KeyRingChanged,

    /// <summary>The stored token is not a Flash token at all (damaged or hand-edited settings).</summary>
    TokenUnreadable,

    /// <summary>The store the connection string refers to has no Flash connection (never connected, or disconnected).</summary>
    NotConnected,

    /// <summary>The connection string's key (or server) is not its store's: copied from elsewhere, or replaced since.</summary>
    ConnectionStringMismatch,
}
