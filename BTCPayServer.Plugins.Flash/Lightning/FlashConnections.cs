using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// The plugin's live Flash connections, from which the connection-string handler takes its clients. Two things
/// outlive a client here, with different lifetimes:
/// <list type="bullet">
/// <item>per connection string, the <see cref="FlashConnectionState"/> (open invoices, payments sent), which
/// BTCPay's running listener depends on: it stays while a listener watches it, whatever happens to the account;</item>
/// <item>per account behind a string, the <see cref="FlashSession"/> (token, wallet, price). For a reference to a
/// store's saved connection (<c>connection=</c>) the session is rebuilt from the saved connection whenever that
/// changes (connect, reconnect, rotate, disconnect), so the very next invoice goes to the account the store is
/// connected to now, on the server it is connected to now.</item>
/// </list>
/// Both are bounded (<see cref="FlashConnectionsOptions"/>): unused entries go after an idle time, and the least
/// recently used when there are too many, but never the state of a connection a listener watches.
/// </summary>
public sealed class FlashConnections
{
    private const string StoreKeyPrefix = "store:";

    private readonly FlashTransports _transports;
    private readonly ApiTokenProtector _protector;
    private readonly FlashStoreConnectionRepository _storeConnections;
    private readonly FlashConnectionsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IdleCache<string, FlashConnectionState> _states;
    private readonly Checkout.FlashCheckoutRenewal? _renewal;
    private readonly IdleCache<string, SharedLoad<Opened>> _sessions;

    public FlashConnections(
        FlashTransports transports,
        ApiTokenProtector protector,
        FlashStoreConnectionRepository storeConnections,
        IOptions<FlashConnectionsOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        Checkout.FlashCheckoutRenewal? renewal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _renewal = renewal;
        _transports = transports;
        _protector = protector;
        _storeConnections = storeConnections;
        _options = options.Value;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<FlashConnections>();
        _states = new IdleCache<string, FlashConnectionState>(_options.Capacity, _options.IdleTimeout, time,
            inUse: state => state.Invoices.HasListeners, comparer: StringComparer.Ordinal);
        _sessions = new IdleCache<string, SharedLoad<Opened>>(_options.Capacity, _options.IdleTimeout, time, comparer: StringComparer.Ordinal);
        PublicApi = new FlashPublicApi(endpoint => _transports.Http(endpoint), endpoint => _transports.WebSocket(endpoint), _options.MaxSubscriptionsPerSocket);
        _storeConnections.Changed += Forget;
    }

    /// <summary>Flash's operations that need no credential, for every server.</summary>
    public FlashPublicApi PublicApi { get; }

    /// <summary>How many connection strings have live state (for tests and benchmarks of the bound).</summary>
    internal int StateCount => _states.Count;

    /// <summary>How many accounts have a live session.</summary>
    internal int SessionCount => _sessions.Count;

    /// <summary>
    /// A client for <paramref name="connection"/>, parsed from <paramref name="connectionString"/>. Nothing is read
    /// or decrypted here: the first call of the client does that, once for all the clients of the same account.
    /// </summary>
    public FlashLightningClient CreateClient(string connectionString, FlashConnectionString connection, Network network)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(network);
        // Keys are hashes: a plain api-token= string must not sit in memory as a dictionary key.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(connectionString)));
        var state = _states.GetOrAdd(key, _ => new FlashConnectionState { Expired = _renewal is { } renewal ? invoice => renewal.OnExpiredAsync(invoice) : null });
        var wallet = new FlashWalletSelection(connection.WalletId, connection.Currency);
        var sessionKey = connection.ConnectionId is { } storeId
            ? $"{StoreKeyPrefix}{storeId}:{wallet.WalletId}:{wallet.Currency}"
            : "string:" + key;
        var settings = new FlashClientSettings(StoredForm(connection), network)
        {
            ServerUri = connection.Endpoints?.GraphQL ?? OpenedServer(sessionKey),
            HoldsPlainToken = connection.PlainToken is not null,
            ValidateLocalServers = _options.ValidateLocalServers,
            Options = _options.Client,
        };
        return new FlashLightningClient(
            settings,
            // Looked up at each call, not kept: a client made before a reconnect still uses the new account.
            async cancellation => Check(connection,
                await _sessions.GetOrAdd(sessionKey, _ => new SharedLoad<Opened>(() => OpenAsync(connection, wallet))).GetAsync(cancellation)),
            state,
            PublicApi,
            _time,
            _loggers);
    }

    /// <summary>The server of a session already open, without opening one (nothing is read or decrypted here).</summary>
    private Uri? OpenedServer(string sessionKey) =>
        _sessions.TryGetValue(sessionKey, out var session) && session?.Completed is { } opened ? opened.Session.Server.GraphQL : null;

    /// <summary>What BTCPay may store: a plain token pasted by hand goes back protected.</summary>
    private string StoredForm(FlashConnectionString connection) =>
        connection.PlainToken is { } plain
            ? (connection with { PlainToken = null, ProtectedToken = _protector.Protect(plain) }).ToConnectionString()
            : connection.ToConnectionString();

    private async Task<Opened> OpenAsync(FlashConnectionString connection, FlashWalletSelection wallet)
    {
        if (connection.ConnectionId is not { } storeId)
        {
            var endpoints = connection.Endpoints!;
            var header = connection.PlainToken is { } token
                ? ApiTokenHeaderSource.ForToken(token)
                : ApiTokenHeaderSource.ForProtectedToken(connection.ProtectedToken!, _protector, endpoints.Server);
            WarnIfExpiring(connection.TokenExpiresAt, endpoints.Server);
            return new Opened(null, Session(endpoints, header, wallet, storeId: null, tokenId: null));
        }

        var saved = await _storeConnections.GetAsync(storeId);
        if (saved is null)
            throw new FlashReconnectRequiredException(ReconnectReason.NotConnected, connection.Endpoints?.Server ?? "");
        if (string.IsNullOrEmpty(saved.ProtectedToken))
            throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, saved.Server.Authority);
        var server = saved.ToEndpoints();
        if (saved.TokenRejectedAt is not null)
            throw new FlashReconnectRequiredException(ReconnectReason.TokenRejected, server.Server);
        // The string's own wallet choice wins; otherwise the one saved with the connection.
        var choice = wallet.WalletId is null && wallet.Currency is null ? new FlashWalletSelection(saved.WalletId, saved.Currency) : wallet;
        WarnIfExpiring(saved.ExpiresAt, server.Server);
        _logger.LogDebug("Flash session for store {StoreId} opened at {Server} with token {TokenId}", storeId, server.Server, saved.TokenId);
        return new Opened(saved, Session(server, ApiTokenHeaderSource.ForProtectedToken(saved.ProtectedToken, _protector, server.Server), choice, storeId, saved.TokenId));
    }

    private FlashSession Session(FlashEndpoints server, ApiTokenHeaderSource header, FlashWalletSelection wallet, string? storeId, string? tokenId)
    {
        var options = new GraphQLHttpTransportOptions
        {
            CredentialsRefused = refused => Refused(storeId, tokenId, refused),
            // Every request on this transport carries the store's key, so a limit reached is the key's own: Flash
            // refills it per minute, so waiting inside a BTCPay request (five seconds for CreateInvoice) only stalls it.
            WaitOutRateLimits = false,
            RateLimited = limited => limited.OfTheStoresKey(),
        };
        var http = _transports.Http(server.GraphQL, header.Source, options);
        return new FlashSession(server, new FlashApiClient(http), wallet);
    }

    /// <summary>
    /// A saved connection's token serves only a string that carries that connection's reference key and, when the
    /// string names a server, names the saved one: a token never follows a string to another store or server.
    /// Checked before anything is decrypted.
    /// </summary>
    private FlashSession Check(FlashConnectionString connection, Opened opened)
    {
        if (opened.Saved is not { } saved)
            return opened.Session;
        var keyMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(connection.ConnectionKey ?? ""), Encoding.ASCII.GetBytes(saved.ReferenceKey));
        if (keyMatches && (connection.Endpoints is null || connection.Endpoints.GraphQL == saved.Server))
            return opened.Session;
        _logger.LogWarning("A Flash connection string for store {StoreId} does not match its saved connection (key or server); refused",
            connection.ConnectionId);
        throw new FlashReconnectRequiredException(ReconnectReason.ConnectionStringMismatch, connection.Endpoints?.Server ?? saved.Server.Authority);
    }

    /// <summary>Flash refused the stored token: the owner must reconnect, and a saved connection shows a banner saying so.</summary>
    private FlashApiException Refused(string? storeId, string? tokenId, FlashUnauthorizedException refused)
    {
        // Only a 401 says the token itself is gone (Flash's gateway answers every bad key so); a 403 or an error in
        // the answer refused this request, and marking the store would stop every checkout until a reconnect.
        if (refused.HttpStatus != 401)
        {
            _logger.LogWarning("Flash at {Server} refused a request of the store (HTTP {Status}, {Code})", refused.Server, refused.HttpStatus, refused.ReasonCode);
            return refused;
        }
        _logger.LogWarning("Flash at {Server} refused the store's API token (HTTP {Status}); the store owner must reconnect Flash",
            refused.Server, refused.HttpStatus);
        if (storeId is not null && tokenId is not null)
            _ = ReportRejectedAsync(storeId, tokenId);
        return new FlashReconnectRequiredException(ReconnectReason.TokenRejected, refused.Server, refused.HttpStatus, refused);
    }

    private async Task ReportRejectedAsync(string storeId, string tokenId)
    {
        try
        {
            await _storeConnections.ReportTokenRejectedAsync(storeId, tokenId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The checkout already has its error; failing to mark the settings page must not hide it.
            _logger.LogError(e, "Could not record the refused Flash token of store {StoreId}", storeId);
        }
    }

    private void WarnIfExpiring(DateTimeOffset? expiresAt, string server)
    {
        if (ApiTokenExpiry.Warning(expiresAt, _time.GetUtcNow()) is { } warning)
            _logger.LogWarning("Flash ({Server}): {Warning}", server, warning);
    }

    /// <summary>A store's saved connection changed: its sessions end, and the next call opens one from the new connection.</summary>
    private void Forget(string storeId)
    {
        var prefix = $"{StoreKeyPrefix}{storeId}:";
        _sessions.RemoveWhere(key => key.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>A session, and the saved connection it was opened from (null for a string that carries its token).</summary>
    private sealed class Opened(FlashStoreConnection? saved, FlashSession session)
    {
        public FlashStoreConnection? Saved { get; } = saved;

        public FlashSession Session { get; } = session;
    }
}
