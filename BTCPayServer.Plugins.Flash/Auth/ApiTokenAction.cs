namespace BTCPayServer.Plugins.Flash.Auth;

/// <summary>What the plugin was doing with the account's API tokens; a failure is worded for what was being done.</summary>
public enum ApiTokenAction
{
    /// <summary>Creating the store's token from a sign-in (connecting).</summary>
    Create,

    /// <summary>Listing the account's tokens.</summary>
    List,

    /// <summary>Revoking one token.</summary>
    Revoke,

    /// <summary>Rotating the store's token (a new secret; Flash revokes the old one).</summary>
    Rotate,
}
