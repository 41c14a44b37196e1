using System.Globalization;
using System.Net;
using System.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.ConnectionStrings;

/// <summary>
/// A store's Flash connection as BTCPay stores it, e.g.
/// <c>type=flash;server=https://api.flashapp.me/graphql;api-token-protected=CfDJ8...;wallet-id=...</c>.
/// The token is held encrypted (<c>api-token-protected</c>), or kept by the plugin's store settings and referred to
/// (<c>connection=&lt;store id&gt;;connection-key=...</c>, what the settings page hands out, so the string itself
/// holds no secret at all), or, for manual set-up, given in plain (<c>api-token</c>). A reference names no server:
/// the saved connection does, so reconnecting a store to another server or account changes what the unchanged
/// string reaches. Neither <see cref="ToString"/> nor any error message contains a token.
/// </summary>
public sealed record FlashConnectionString
{
    public const string TypeName = "flash";
    public static readonly Uri MainnetServer = new("https://api.flashapp.me/graphql");

    /// <summary>How Ory Kratos, Flash's login, starts a session token.</summary>
    private const string SessionTokenPrefix = "ory_st_";

    /// <summary>What <c>currency=</c> takes. Not USDT: USD already means the account's dollar wallet, USD or USDT.</summary>
    private static readonly WalletCurrency[] NamedCurrencies = [WalletCurrency.BTC, WalletCurrency.USD];

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "type", "server", "ws-server", "api-token", "api-token-protected", "connection", "connection-key", "api-token-expires", "wallet-id", "currency", "allowinsecure",
    };

    /// <summary>
    /// Where Flash answers. Null only for a reference to a saved connection that names no server: the saved
    /// connection's server is used. When a reference does name one, it must be the saved connection's.
    /// </summary>
    public required FlashEndpoints? Endpoints { get; init; }

    /// <summary>A token pasted in plain, for manual set-up; null when the token is stored encrypted.</summary>
    public FlashApiToken? PlainToken { get; init; }

    /// <summary>The DataProtection blob of the token (see <see cref="ApiTokenProtector"/>).</summary>
    public string? ProtectedToken { get; init; }

    /// <summary>The store whose saved Flash connection (plugin settings) holds the protected token.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>The saved connection's reference key, which proves the string was handed out for that store.</summary>
    public string? ConnectionKey { get; init; }

    public DateTimeOffset? TokenExpiresAt { get; init; }

    public string? WalletId { get; init; }

    /// <summary>The wallet's currency when no wallet id is given: BTC or USD (a dollar wallet, USD or USDT).</summary>
    public WalletCurrency? Currency { get; init; }

    public bool AllowInsecure { get; init; }

    /// <summary>
    /// Follows BTCPay's handler protocol: false with a null error for another type, false with a sentence naming
    /// the key for a malformed Flash string.
    /// </summary>
    public static bool TryParse(string? connectionString, Network network, out FlashConnectionString? result, out string? error)
    {
        result = null;
        error = null;
        if (string.IsNullOrWhiteSpace(connectionString))
            return false;
        Dictionary<string, string> values;
        string type;
        try
        {
            values = LightningConnectionStringHelper.ExtractValues(connectionString, out type);
        }
        catch (FormatException)
        {
            if (connectionString.Contains("type=flash", StringComparison.OrdinalIgnoreCase))
                error = "The Flash connection string is malformed: it must be key=value pairs separated by ';', each key once";
            return false;
        }
        if (!string.Equals(type, TypeName, StringComparison.OrdinalIgnoreCase))
            return false;
        error = Read(values, network, out result);
        return error is null;
    }

    /// <summary>The string to store: the token only ever protected, or referred to by connection id.</summary>
    public string ToConnectionString()
    {
        if (ProtectedToken is null && ConnectionId is null)
            throw new InvalidOperationException("Only a connection with a protected or referred token may be written out");
        var text = new StringBuilder($"type={TypeName}");
        if (Endpoints is { } endpoints)
        {
            text.Append(CultureInfo.InvariantCulture, $";server={endpoints.GraphQL}");
            if (endpoints.WebSocket != FlashEndpoints.DeriveWebSocket(endpoints.GraphQL))
                text.Append(CultureInfo.InvariantCulture, $";ws-server={endpoints.WebSocket}");
        }
        text.Append(ProtectedToken is not null ? ";api-token-protected=" + ProtectedToken : $";connection={ConnectionId};connection-key={ConnectionKey}");
        if (TokenExpiresAt is { } expires)
            text.Append(CultureInfo.InvariantCulture, $";api-token-expires={expires.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        if (WalletId is not null)
            text.Append(CultureInfo.InvariantCulture, $";wallet-id={WalletId}");
        if (Currency is { } currency)
            text.Append(CultureInfo.InvariantCulture, $";currency={currency}");
        if (AllowInsecure)
            text.Append(";allowinsecure=true");
        return text.ToString();
    }

    public override string ToString() =>
        $"Flash connection to {Endpoints?.Server ?? "the saved connection's server"} ({(ProtectedToken is not null ? "protected token" : ConnectionId is not null ? $"saved connection of store {ConnectionId}" : PlainToken?.ToString() ?? "no token")})";

    private static string? Read(Dictionary<string, string> values, Network network, out FlashConnectionString? result)
    {
        result = null;
        if (values.Keys.FirstOrDefault(k => !KnownKeys.Contains(k)) is { } unknown)
            return $"The Flash connection string has an unknown key '{Printable(unknown)}'; known keys: {string.Join(", ", KnownKeys.Where(k => k != "type"))}";

        var allowInsecure = false;
        if (values.TryGetValue("allowinsecure", out var insecureText) && !bool.TryParse(insecureText, out allowInsecure))
            return "allowinsecure must be true or false";

        var isReference = values.ContainsKey("connection");
        Uri? server = null;
        if (values.TryGetValue("server", out var serverText))
        {
            if (!Uri.TryCreate(serverText, UriKind.Absolute, out server) || server.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(server.UserInfo) || !HasEncodableHost(server))
                return "server must be the absolute http(s) URL of Flash's GraphQL endpoint, without user name or password";
        }
        else if (network.ChainName == ChainName.Mainnet && !isReference)
            server = MainnetServer;
        else if (!isReference)
            return "server is required on networks other than mainnet (Flash's public API runs on mainnet)";
        if (server is not null && !IsSecure(server, allowInsecure))
            return "server must use https (http is accepted only for localhost, .onion, or with allowinsecure=true)";

        Uri? webSocket = null;
        if (values.TryGetValue("ws-server", out var wsText))
        {
            if (server is null)
                return "ws-server goes with server: a connection string from the store's Flash settings needs neither";
            if (!Uri.TryCreate(wsText, UriKind.Absolute, out webSocket) || webSocket.Scheme is not ("wss" or "ws") || !string.IsNullOrEmpty(webSocket.UserInfo) || !HasEncodableHost(webSocket))
                return "ws-server must be the absolute ws(s) URL of Flash's WebSocket endpoint";
            if (webSocket.Scheme == "ws" && !IsSecure(new UriBuilder(webSocket) { Scheme = "http" }.Uri, allowInsecure))
                return "ws-server must use wss (ws is accepted only for localhost, .onion, or with allowinsecure=true)";
            // BTCPay checks only server= before it lets a store point at a host: the socket goes to that host or to
            // its ws. twin (as api.flashapp.me pairs with ws.flashapp.me), never to another machine.
            var twin = FlashEndpoints.DeriveWebSocket(server);
            if (!string.Equals(webSocket.IdnHost, server.IdnHost, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(webSocket.IdnHost, twin.IdnHost, StringComparison.OrdinalIgnoreCase))
                return $"ws-server must be on the same host as server ({server.IdnHost}) or its WebSocket twin ({twin.IdnHost})";
        }

        var hasPlain = values.TryGetValue("api-token", out var plainText);
        var hasProtected = values.TryGetValue("api-token-protected", out var protectedText);
        var hasConnection = values.TryGetValue("connection", out var connectionText);
        var tokenSources = (hasPlain ? 1 : 0) + (hasProtected ? 1 : 0) + (hasConnection ? 1 : 0);
        if (tokenSources != 1)
            return tokenSources > 1
                ? "Give exactly one of connection, api-token-protected or api-token"
                : "connection (or api-token-protected, or for manual set-up api-token) is required: connect Flash in the store's Flash settings";
        if (hasConnection && (connectionText!.Length is 0 or > 64 || !connectionText.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return "connection must be the id of a store whose Flash connection is saved (letters, digits, '-' and '_')";
        // The id is shown in ToString() and logs; a credential pasted in its place must not be.
        if (hasConnection && LooksLikeCredential(connectionText!))
            return "connection must be the id of a store, not a token or key: copy the whole connection string from the store's Flash settings";
        var hasKey = values.TryGetValue("connection-key", out var keyText);
        if (hasConnection != hasKey)
            return "connection and connection-key go together: copy the whole connection string from the store's Flash settings";
        if (hasKey && (keyText!.Length is < 16 or > 64 || !keyText.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return "connection-key is damaged: copy the whole connection string from the store's Flash settings";
        FlashApiToken? plain = null;
        if (hasPlain && !FlashApiToken.TryParse(plainText, out plain, out var tokenError))
            return $"api-token: {tokenError}";
        if (hasProtected && (protectedText!.Length < 16 || !protectedText.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return "api-token-protected is damaged: reconnect Flash in the store's Flash settings";

        DateTimeOffset? expires = null;
        if (values.TryGetValue("api-token-expires", out var expiresText))
        {
            if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                return "api-token-expires must be a date and time in ISO 8601 form, e.g. 2027-01-31T12:00:00Z";
            expires = parsed;
        }

        string? walletId = null;
        if (values.TryGetValue("wallet-id", out var walletText))
        {
            if (walletText.Length is 0 or > 64 || !walletText.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return "wallet-id must be a Flash wallet id (letters, digits and '-', at most 64 characters)";
            walletId = walletText;
        }

        WalletCurrency? currency = null;
        if (values.TryGetValue("currency", out var currencyText))
        {
            currency = CurrencyNamed(currencyText);
            if (currency is null)
                return "currency must be BTC or USD";
        }

        result = new FlashConnectionString
        {
            Endpoints = server is null ? null : FlashEndpoints.For(server, webSocket),
            PlainToken = plain,
            ProtectedToken = hasProtected ? protectedText : null,
            ConnectionId = hasConnection ? connectionText : null,
            ConnectionKey = hasKey ? keyText : null,
            TokenExpiresAt = expires,
            WalletId = walletId,
            Currency = currency,
            AllowInsecure = allowInsecure,
        };
        return null;
    }

    /// <summary>
    /// Exactly one currency's name, in any case. Not Enum.TryParse: it also takes numbers and comma-separated
    /// lists of names, so "BTC,USD" would be read as USD.
    /// </summary>
    private static WalletCurrency? CurrencyNamed(string text)
    {
        foreach (var currency in NamedCurrencies)
        {
            if (string.Equals(text, currency.ToString(), StringComparison.OrdinalIgnoreCase))
                return currency;
        }
        return null;
    }

    /// <summary>https, or loopback, or .onion, or explicitly allowed: BTCPay's rule plus local development.</summary>
    private static bool IsSecure(Uri uri, bool allowInsecure) =>
        LightningConnectionStringHelper.VerifySecureEndpoint(uri, allowInsecure)
        || uri.IsLoopback
        || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Uri.TryCreate accepts some hosts that IDN cannot encode (a private-use character, for one); reading such a
    /// host's <see cref="Uri.IdnHost"/>, as the checks here and every later connection do, throws.
    /// </summary>
    private static bool HasEncodableHost(Uri uri)
    {
        try
        {
            _ = uri.IdnHost;
            return true;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    private static bool LooksLikeCredential(string text) =>
        text.StartsWith(FlashApiToken.ApiTokenPrefix, StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(FlashApiToken.ApiKeyPrefix, StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(SessionTokenPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Keys are echoed in errors to help fix typos, but never long or odd ones, which may be pasted secrets.</summary>
    private static string Printable(string key) =>
        key.Length <= 24 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key : "(not shown)";
}
