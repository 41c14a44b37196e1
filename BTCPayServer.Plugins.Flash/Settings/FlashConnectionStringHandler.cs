using System.Collections.Concurrent;
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
/// BTCPay creates a client for nearly every call, so what must outlive one client lives here, once per connection
/// string: the decrypted token's header (decrypted once) and the connection state the clients of one store share
/// (cached wallet and price, pending invoices). A store that reconnects gets fresh ones.
/// </summary>
public sealed class FlashConnectionStringHandler : ILightningConnectionStringHandler
{
    private readonly IHttpClientFactory _httpClients;
    private readonly ApiTokenProtector _protector;
    private readonly FlashStoreConnections _storeConnections;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<ConnectionEntry>> _connections = new(StringComparer.Ordinal);

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
        var entry = _connections.GetOrAdd(connectionString, text => new Lazy<ConnectionEntry>(() => Open(text, connection!))).Value;
        return new FlashLightningClient(
            connectionString,
            entry.Http,
            () => new GraphQLWebSocketClient(connection!.Endpoints.WebSocket, timeProvider: _time, logger: _loggers.CreateLogger<GraphQLWebSocketClient>()),
            network,
            new FlashWalletSelection(connection!.WalletId, connection.Currency is { } currency ? ToWalletCurrency(currency) : null),
            entry.State,
            timeProvider: _time,
            loggerFactory: _loggers);
    }

    private ConnectionEntry Open(string connectionString, FlashConnectionString connection)
    {
        var server = connection.Endpoints.Server;
        var header = connection switch
        {
            { PlainToken: { } token } => ApiTokenHeaderSource.ForToken(token),
            { ProtectedToken: { } blob } => ApiTokenHeaderSource.ForProtectedToken(blob, _protector, server),
            _ => ApiTokenHeaderSource.ForLoadedToken(() => LoadSavedTokenAsync(connection.ConnectionId!, server)),
        };
        var options = new GraphQLHttpTransportOptions { CredentialsRefused = refused => Refused(connection, refused) };
        var http = new GraphQLHttpTransport(_httpClients.CreateClient(FlashHttpClient.Name), connection.Endpoints.GraphQL, header.Source, options,
            timeProvider: _time, logger: _loggers.CreateLogger<GraphQLHttpTransport>());
        WarnIfExpiring(connection.TokenExpiresAt, server);
        _logger.LogDebug("Flash connection to {Server} opened ({Connection})", server, connection.ToString());
        return new ConnectionEntry(connectionString, connection.ConnectionId, http, new FlashConnectionState());
    }

    private async Task<FlashApiToken> LoadSavedTokenAsync(string storeId, string server)
    {
        var saved = await _storeConnections.GetAsync(storeId);
        if (saved is null || string.IsNullOrEmpty(saved.ProtectedToken))
            throw new FlashReconnectRequiredException(ReconnectReason.TokenUnreadable, server);
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

    /// <summary>A store's saved connection changed: its clients must rebuild the token and state from the new one.</summary>
    private void Forget(string storeId)
    {
        foreach (var (key, entry) in _connections)
        {
            if (entry.IsValueCreated && entry.Value.ConnectionId == storeId)
                _connections.TryRemove(new KeyValuePair<string, Lazy<ConnectionEntry>>(key, entry));
        }
    }

    private static WalletCurrency ToWalletCurrency(FlashWalletCurrency currency) =>
        currency == FlashWalletCurrency.BTC ? WalletCurrency.BTC : WalletCurrency.USD;

    private sealed record ConnectionEntry(string ConnectionString, string? ConnectionId, GraphQLHttpTransport Http, FlashConnectionState State);
}
