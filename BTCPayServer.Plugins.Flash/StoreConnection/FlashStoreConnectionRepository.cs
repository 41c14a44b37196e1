using System.Collections.Concurrent;
using BTCPayServer.Abstractions.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// Where each store's Flash connection lives: BTCPay's settings repository, one entry per store under
/// <c>Flash.Connection.{storeId}</c>. The store's lightning connection string only points here
/// (<c>type=flash;connection={storeId};connection-key=...</c>): it carries no token and no server, only a reference
/// that works inside this BTCPay Server, so reconnecting the store (another account, another server) changes what
/// the same string reaches without the owner touching BTCPay's Lightning settings.
/// </summary>
/// <remarks>
/// A settings store that fails (BTCPay's database not answering) is a <see cref="FlashSettingsUnavailableException"/>
/// from every member here, whatever it threw: callers show its message as it is.
/// </remarks>
public sealed class FlashStoreConnectionRepository(ISettingsRepository settings, TimeProvider time, ILogger<FlashStoreConnectionRepository>? logger = null)
{
    public const string KeyPrefix = "Flash.Connection.";

    public const string ReferenceKeyPrefix = "Flash.Reference.";

    public static string KeyFor(string storeId) => KeyPrefix + CheckStoreId(storeId);

    /// <summary>The connection string the store's Lightning setup uses for this connection.</summary>
    public static string LightningConnectionStringFor(string storeId, FlashStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return $"type=flash;connection={CheckStoreId(storeId)};connection-key={connection.ReferenceKey}";
    }

    /// <summary>
    /// Raised after a store's connection was saved or removed, with the store id: whoever holds state built from
    /// the old connection (the lightning connection-string handler's cached token) drops it.
    /// </summary>
    public event Action<string>? Changed;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<FlashStoreConnectionRepository>.Instance;

    public Task<FlashStoreConnection?> GetAsync(string storeId) => ReadAsync<FlashStoreConnection>(KeyFor(storeId));

    public async Task SaveAsync(string storeId, FlashStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await WriteAsync(connection, KeyFor(storeId));
        Changed?.Invoke(storeId);
    }

    /// <summary>
    /// Forgets the store's connection, but keeps its reference key and the tokens it left active (see
    /// <see cref="FlashStoreReference"/>), so the lightning connection string BTCPay holds for the store reaches the
    /// store's next connection. The settings repository has no delete: BTCPay stores the JSON <c>null</c>, which
    /// reads back as no setting.
    /// </summary>
    public async Task RemoveAsync(string storeId)
    {
        if (await GetAsync(storeId) is { } connection)
        {
            var reference = new FlashStoreReference { ReferenceKey = connection.ReferenceKey, ReplacedTokens = connection.ReplacedTokens };
            await WriteAsync(reference, ReferenceKeyPrefix + CheckStoreId(storeId));
        }
        await WriteAsync<FlashStoreConnection>(null!, KeyFor(storeId));
        Changed?.Invoke(storeId);
    }

    /// <summary>What the store's last connection left when it was removed, or null when it never had one.</summary>
    public Task<FlashStoreReference?> GetReferenceAsync(string storeId) =>
        ReadAsync<FlashStoreReference>(ReferenceKeyPrefix + CheckStoreId(storeId));

    /// <summary>
    /// Runs an action that changes the store's connection (connect, rotate, disconnect, revoke) while no other such
    /// action, and no <see cref="UpdateAsync"/>, runs for the store: each reads the connection, talks to Flash, and
    /// writes it back, and two at once would write over each other. Not reentrant: the action must not call
    /// <see cref="UpdateAsync"/> or <see cref="ReportTokenRejectedAsync"/>.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(string storeId, Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var gate = _gates.GetOrAdd(CheckStoreId(storeId), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Reads the store's connection afresh, lets <paramref name="change"/> change it (true: save), and saves it, with
    /// no other change of the store's connection in between. False when there is no connection or nothing changed.
    /// </summary>
    public Task<bool> UpdateAsync(string storeId, Func<FlashStoreConnection, bool> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ExclusiveAsync(storeId, async () =>
        {
            if (await GetAsync(storeId) is not { } connection || !change(connection))
                return false;
            await SaveAsync(storeId, connection);
            return true;
        });
    }

    /// <summary>
    /// Records that Flash refused the store's token <paramref name="tokenId"/> (revoked or expired), so the settings
    /// page asks the owner to reconnect; a connection made since with another token is left alone. Whoever sees the
    /// refusal calls this: the lightning client at checkout, the settings page's actions.
    /// </summary>
    public Task<bool> ReportTokenRejectedAsync(string storeId, string tokenId) =>
        UpdateAsync(storeId, connection =>
        {
            if (connection.TokenId != tokenId || connection.TokenRejectedAt is not null)
                return false;
            connection.TokenRejectedAt = time.GetUtcNow();
            return true;
        });

    private async Task<T?> ReadAsync<T>(string key) where T : class
    {
        try
        {
            return await settings.GetSettingAsync<T>(key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unavailable(FlashSettingsUnavailableException.ReadFailed, "read", key, e);
        }
    }

    private async Task WriteAsync<T>(T value, string key) where T : class
    {
        try
        {
            await settings.UpdateSetting(value, key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unavailable(FlashSettingsUnavailableException.SaveFailed, "save", key, e);
        }
    }

    private FlashSettingsUnavailableException Unavailable(string message, string operation, string key, Exception failure)
    {
        // The failure's type only: its message could quote the setting, which holds the protected token.
        _logger.LogError("BTCPay's settings store failed to {Operation} setting {Setting}: {Failure}", operation, key, failure.GetType().FullName);
        return new FlashSettingsUnavailableException(message, failure);
    }

    /// <summary>BTCPay's store ids are short base58 strings: anything else must not reach a key or a connection string.</summary>
    private static string CheckStoreId(string storeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeId);
        return storeId.Length <= 64 && storeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? storeId
            : throw new ArgumentException("A store id has only letters, digits, '-' and '_'", nameof(storeId));
    }
}
