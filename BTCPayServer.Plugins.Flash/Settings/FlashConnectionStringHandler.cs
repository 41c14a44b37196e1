using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Microsoft.Extensions.Logging;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Settings;

/// <summary>
/// BTCPay's entry point for <c>type=flash</c> connection strings: parse, then build a <see cref="FlashLightningClient"/>.
/// BTCPay creates a client for nearly every call, so what must outlive one client lives here, per connection string:
/// the credential (token decrypted once; rebuilt when the store's saved connection changes) and the state the clients
/// of one store share (cached wallet and price, pending invoices; never dropped, since BTCPay's running invoice
/// listener holds on to it).
/// </summary>
public sealed class FlashConnectionStringHandler : ILightningConnectionStringHandler
{
    private readonly IHttpClientFactory _httpClients;
    private readonly ApiTokenProtector _protector;
    private readonly FlashStoreConnections _storeConnections;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Credential>> _credentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FlashConnectionState> _states = new(StringComparer.Ordinal);

    public FlashConnectionStringHandler(
        IHttpClientFactory httpClients, ApiTokenProtector protector, FlashStoreConnections storeConnections, TimeProvider time, ILoggerFactory loggers)
    {
        _httpClients = httpClients;
        _protector = protector;
        _storeConnections = storeConnections;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<FlashConnectionStringHandler>();
        _storeConnections.Changed += Forget;
    }

    /// <summary>Null with a null error for other types; null with a sentence for a malformed Flash string.</summary>
    public ILightningClient Create(string connectionString, Network network, out string error)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!FlashConnectionString.TryParse(connectionString, network, out var connection, out var problem))
        {
            error = problem!;
            return null!;
        }
        error = null!;
        // Cache keys are hashes: a plain api-token= string must not sit in memory as a dictionary key.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(connectionString)));
        var credential = _credentials.GetOrAdd(key, _ => new Lazy<Credential>(() => Open(connection!))).Value;
        return new FlashLightningClient(
            credential.StoredForm,
            credential.Http,
            () => new GraphQLWebSocketClient(connection!.Endpoints.WebSocket, timeProvider: _time, logger: _loggers.CreateLogger<GraphQLWebSocketClient>()),
            network,
            new FlashWalletSelection(connection!.WalletId, connection.Currency is { } currency ? ToWalletCurrency(currency) : null),
            _states.GetOrAdd(key, _ => new FlashConnectionState()),
            timeProvider: _time,
            loggerFactory: _loggers);
    }

    private Credential Open(FlashConnectionString connection)
    {
        var server = connection.Endpoints.Server;
        var header = connection switch
        {
            { PlainToken: { } token } => ApiTokenHeaderSource.ForToken(token),
            { ProtectedToken: { } blob } => ApiTokenHeaderSource.ForProtectedToken(blob, _protector, server),
            _ => ApiTokenHeaderSource.ForLoadedToken(() => LoadSavedTokenAsync(connection)),
        };
        var options = new GraphQLHttpTransportOptions { CredentialsRefused = refused => Refused(connection, refused) };
        var http = new GraphQLHttpTransport(_httpClients.CreateClient(FlashHttpClient.Name), connection.Endpoints.GraphQL, header.Source, options,
            timeProvider: _time, logger: _loggers.CreateLogger<GraphQLHttpTransport>());
        WarnIfExpiring(connection.TokenExpiresAt, server);
        _logger.LogDebug("Flash connection to {Server} opened ({Connection})", server, connection.ToString());
        // BTCPay saves client.ToString() as the store's connection string: a pasted plain token goes back protected.
        var storedForm = connection.PlainToken is { } plain
            ? (connection with { PlainToken = null, ProtectedToken = _protector.Protect(plain) }).ToConnectionString()
            : connection.ToConnectionString();
        return new Credential(connection.ConnectionId, http, storedForm);
    }

    /// <summary>
    /// The token of a store's saved connection, only for a string that carries that connection's reference key and
    /// names the server the token was made for: a token never follows a string to another store or another server.
    /// </summary>
    private async Task<FlashApiToken> LoadSavedTokenAsync(FlashConnectionString connection)
    {
        var server = connection.Endpoints.Server;
        var saved = await _storeConnections.GetAsync(connection.ConnectionId!);
        if (saved is null || string.IsNullOrEmpty(saved.ProtectedToken))
            throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, server);
        var keyMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(connection.ConnectionKey ?? ""), Encoding.ASCII.GetBytes(saved.ReferenceKey));
        if (!keyMatches || saved.Server != connection.Endpoints.GraphQL)
        {
            _logger.LogWarning("A Flash connection string for store {StoreId} does not match its saved connection (key or server); refused",
                connection.ConnectionId);
            throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, server);
        }
        WarnIfExpiring(saved.ExpiresAt, server);
        return _protector.Unprotect(saved.ProtectedToken, server);
    }

    /// <summary>Flash refused the stored token: the owner must reconnect, and a saved connection shows a banner saying so.</summary>
    private FlashReconnectRequiredException Refused(FlashConnectionString connection, FlashUnauthorizedException refused)
    {
        _logger.LogWarning("Flash at {Server} refused the store's API token (HTTP {Status}); the store owner must reconnect Flash",
            refused.Server, refused.HttpStatus);
        if (connection.ConnectionId is { } storeId)
            _ = ReportRejectedAsync(storeId);
        return new FlashReconnectRequiredException(ReconnectReason.TokenRejected, refused.Server, refused.HttpStatus, refused);
    }

    private async Task ReportRejectedAsync(string storeId)
    {
        try
        {
            await _storeConnections.ReportTokenRejectedAsync(storeId);
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

    /// <summary>A store's saved connection changed: its credential is rebuilt from the new one on the next call.</summary>
    private void Forget(string storeId)
    {
        foreach (var (key, credential) in _credentials)
        {
            if (credential.IsValueCreated && credential.Value.ConnectionId == storeId)
                _credentials.TryRemove(new KeyValuePair<string, Lazy<Credential>>(key, credential));
        }
    }

    private static WalletCurrency ToWalletCurrency(FlashWalletCurrency currency) =>
        currency == FlashWalletCurrency.BTC ? WalletCurrency.BTC : WalletCurrency.USD;

    /// <summary>What one connection string authenticates with. Not a record: nothing here may ever be printed.</summary>
    private sealed class Credential(string? connectionId, GraphQLHttpTransport http, string storedForm)
    {
        public string? ConnectionId { get; } = connectionId;

        public GraphQLHttpTransport Http { get; } = http;

        /// <summary>The connection string without any plaintext token: what the client reports to BTCPay.</summary>
        public string StoredForm { get; } = storedForm;
    }
}
