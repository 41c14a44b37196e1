namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// BTCPay Server's settings store did not read or save a store's Flash connection (its database did not answer).
/// The message is for the store owner and the merchant. What the store failed with is kept out of it, message and
/// all: the setting holds the protected token, and a database's error can quote what it was asked to write.
/// </summary>
public sealed class FlashSettingsUnavailableException : Exception
{
    public const string ReadFailed =
        "BTCPay Server could not read the store's Flash connection from its settings: try again in a moment, and check BTCPay Server's database if it keeps failing.";

    public const string SaveFailed =
        "BTCPay Server could not save the store's Flash connection in its settings: try again in a moment, and check BTCPay Server's database if it keeps failing.";

    /// <param name="failure">What the settings store threw; only its type is kept.</param>
    public FlashSettingsUnavailableException(string message, Exception failure)
        : base(message, new InvalidOperationException((failure ?? throw new ArgumentNullException(nameof(failure))).GetType().Name))
    {
    }

    private FlashSettingsUnavailableException(string message, FlashSettingsUnavailableException unavailable)
        : base(message, unavailable.InnerException)
    {
    }

    /// <summary>A new connection that could not be saved; the token made for it was revoked again, or not.</summary>
    public static FlashSettingsUnavailableException ConnectionNotSaved(string tokenName, bool revoked, FlashSettingsUnavailableException unsaved)
    {
        ArgumentNullException.ThrowIfNull(unsaved);
        return new(
            "BTCPay Server could not save the new Flash connection in its settings, so Flash was not connected" +
            (revoked ? " and the API token made for it was revoked again" : $"; the API token \"{tokenName}\" made for it could not be revoked: revoke it in the list of tokens") +
            ". Try again in a moment, and check BTCPay Server's database if it keeps failing.", unsaved);
    }
}
