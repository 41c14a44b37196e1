using BTCPayServer.Plugins.Flash.Auth;

namespace BTCPayServer.Plugins.Flash.Models;

/// <summary>The Flash settings page in every state. Nothing here holds a token, a session token or the protected blob.</summary>
public sealed class FlashSettingsViewModel
{
    public required string StoreId { get; init; }

    public required string StoreName { get; init; }

    /// <summary>The stored connection, or null while the store has none.</summary>
    public FlashConnectionStatus? Status { get; init; }

    public required ConnectForm Connect { get; init; }

    /// <summary>What the token will be allowed to do, in plain words.</summary>
    public IReadOnlyList<string> ScopesInPlainWords { get; } = ApiTokenScopes.InPlainWords;

    public string? Success { get; set; }

    public string? Error { get; set; }

    /// <summary>The server the token list is about (the connection's, or the connect form's).</summary>
    public required string TokensServer { get; init; }

    /// <summary>The account's tokens, once listed with the session.</summary>
    public IReadOnlyList<ApiTokenInfo>? Tokens { get; set; }

    /// <summary>
    /// Connecting failed on Flash's token limit, or Flash may have made a token it did not confirm: the page points
    /// at the token list.
    /// </summary>
    public bool OfferTokenList { get; set; }

    /// <summary>BTCPay's settings store failed: the page says so and offers nothing that would read or write them.</summary>
    public bool SettingsUnavailable { get; init; }
}
