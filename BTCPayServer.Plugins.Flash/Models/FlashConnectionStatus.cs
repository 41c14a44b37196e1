using System.Globalization;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.StoreConnection;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>What the status card shows of a stored connection: everything but the protected token, which it never copies.</summary>
public sealed record FlashConnectionStatus(
    Uri Server,
    string Dialect,
    string TokenName,
    string TokenId,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? ExpiryWarning,
    FlashConnectionCheck? LastCheck,
    DateTimeOffset? TokenRejectedAt,
    string? ReconnectReason,
    string LightningConnectionString,
    IReadOnlyList<ReplacedApiToken> ReplacedTokens,
    FlashCapabilityReport? Capabilities,
    int? RateLimitPerMinute)
{
    /// <summary>Whether the stored token can be used at all; if not, the page asks for a reconnect.</summary>
    public bool NeedsReconnect => TokenRejectedAt is not null || ReconnectReason is not null;

    public static FlashConnectionStatus From(string storeId, FlashStoreConnection connection, ApiTokenProtector protector, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(protector);
        string? reconnect = null;
        try
        {
            // Decrypting proves the key ring still holds the key; the token itself is dropped at once.
            _ = protector.Unprotect(connection.ProtectedToken, connection.Server.Authority);
        }
        catch (FlashReconnectRequiredException e)
        {
            reconnect = e.Message;
        }
        return new FlashConnectionStatus(
            connection.Server,
            ApiTokenDialects.For(connection.ProvisioningMethod).Description,
            // Saved before names from Flash were cleaned on arrival, or edited by hand: cleaned again here.
            ApiTokenNames.ForDisplay(connection.TokenName),
            connection.TokenId,
            connection.Scopes,
            connection.CreatedAt,
            connection.ExpiresAt,
            ApiTokenExpiry.Warning(connection.ExpiresAt, now),
            connection.LastCheck,
            connection.TokenRejectedAt,
            reconnect,
            FlashStoreConnectionRepository.LightningConnectionStringFor(storeId, connection),
            connection.ReplacedTokens,
            connection.Capabilities,
            connection.RateLimitPerMinute);
    }

    /// <summary>The status card's line about the token's rate limit.</summary>
    public string RateLimitInPlainWords => RateLimitPerMinute switch
    {
        1 => "1 request a minute",
        { } limit => string.Create(CultureInfo.InvariantCulture, $"{limit:N0} requests a minute"),
        null => "Flash's default (120 requests a minute on Flash today): reconnect Flash to choose a higher limit.",
    };
}
