using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// One store's Flash connection as the plugin keeps it in BTCPay's settings (key <c>Flash.Connection.{storeId}</c>).
/// It holds no plaintext secret: the API token only in its DataProtection form, the session token not at all.
/// BTCPay's settings repository stores it as JSON with Newtonsoft, hence settable properties and no computed ones.
/// </summary>
public sealed class FlashStoreConnection
{
    /// <summary>Flash's GraphQL endpoint over HTTP.</summary>
    public Uri Server { get; set; } = FlashConnectionString.MainnetServer;

    /// <summary>Flash's graphql-transport-ws endpoint.</summary>
    public Uri WebSocketServer { get; set; } = FlashEndpoints.DeriveWebSocket(FlashConnectionString.MainnetServer);

    /// <summary>
    /// An unguessable reference (128 random bits) the store's lightning connection string must carry as
    /// <c>connection-key</c>: store ids are not secret, so without it another store could point its lightning
    /// setup at this store's token. Kept across rotations and reconnects, so the connection string stays valid.
    /// </summary>
    public string ReferenceKey { get; set; } = NewReferenceKey();

    /// <summary>The API token encrypted by <see cref="ApiTokenProtector"/>; never rendered, logged or put in a URL.</summary>
    public string ProtectedToken { get; set; } = "";

    /// <summary>
    /// The kind of the token, that is the dialect that issued it and manages it. The property keeps the name
    /// connections saved before have; its value is stored as the kind's number.
    /// </summary>
    public FlashApiTokenKind ProvisioningMethod { get; set; }

    public string TokenId { get; set; } = "";

    public string TokenName { get; set; } = "";

    public List<string> Scopes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null: the token lives until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// Requests a minute Flash allows the token, as Flash confirmed it; null: Flash's default applies (or the token was
    /// made before the plugin asked for a limit).
    /// </summary>
    public int? RateLimitPerMinute { get; set; }

    /// <summary>The wallet that receives payments; null: the account's default wallet.</summary>
    public string? WalletId { get; set; }

    /// <summary>
    /// Which wallet to use when no wallet id is set (BTC or USD, as the connect form offers); null: the account's default
    /// wallet. Stored as the enum's number, so BTC stays 0 and USD 1.
    /// </summary>
    public WalletCurrency? Currency { get; set; }

    public FlashConnectionCheck? LastCheck { get; set; }

    /// <summary>What works with the server, as the last check found it; null until checked.</summary>
    public FlashCapabilityReport? Capabilities { get; set; }

    /// <summary>Set when Flash refused the token (revoked or expired), at checkout or in a test; cleared by a new token.</summary>
    public DateTimeOffset? TokenRejectedAt { get; set; }

    /// <summary>Tokens of earlier connections still active on Flash, which the plugin could not revoke (see <see cref="ReplacedApiToken"/>).</summary>
    public List<ReplacedApiToken> ReplacedTokens { get; set; } = [];

    /// <summary>
    /// Makes <paramref name="token"/>, just provisioned or rotated, the connection's credential: stored as
    /// <paramref name="protectedToken"/> (never in plaintext), with what Flash said of it, and no refusal recorded yet.
    /// </summary>
    internal void UseToken(ProvisionedApiToken token, string protectedToken, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ProtectedToken = protectedToken;
        ProvisioningMethod = token.Kind;
        TokenId = token.Id;
        TokenName = token.Name;
        Scopes = [.. token.Scopes];
        CreatedAt = now;
        ExpiresAt = token.ExpiresAt;
        RateLimitPerMinute = token.RateLimitPerMinute;
        TokenRejectedAt = null;
    }

    public static string NewReferenceKey() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public FlashEndpoints ToEndpoints() => FlashEndpoints.For(Server, WebSocketServer);
}
