using BTCPayServer.Abstractions.Contracts;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// Where each store's Flash connection lives: BTCPay's settings repository, one entry per store under
/// <c>Flash.Connection.{storeId}</c>. The store's lightning connection string only points here
/// (<c>type=flash;connection={storeId};connection-key=...</c>): it carries no token and no server, only a reference
/// that works inside this BTCPay Server, so reconnecting the store (another account, another server) changes what
/// the same string reaches without the owner touching BTCPay's Lightning settings.
/// </summary>
public sealed class FlashStoreConnections(ISettingsRepository settings, TimeProvider time)
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

    public Task<FlashStoreConnection?> GetAsync(string storeId) => settings.GetSettingAsync<FlashStoreConnection>(KeyFor(storeId));

    public async Task SaveAsync(string storeId, FlashStoreConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await settings.UpdateSetting(connection, KeyFor(storeId));
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
            await settings.UpdateSetting(reference, ReferenceKeyPrefix + CheckStoreId(storeId));
        }
        await settings.UpdateSetting<FlashStoreConnection>(null!, KeyFor(storeId));
        Changed?.Invoke(storeId);
    }

    /// <summary>What the store's last connection left when it was removed, or null when it never had one.</summary>
    public Task<FlashStoreReference?> GetReferenceAsync(string storeId) =>
        settings.GetSettingAsync<FlashStoreReference>(ReferenceKeyPrefix + CheckStoreId(storeId));

    /// <summary>
    /// Records that Flash refused the store's token (revoked or expired), so the settings page asks the owner to
    /// reconnect. Whoever sees the refusal calls this: the settings page's test, and the lightning client at checkout.
    /// </summary>
    public async Task ReportTokenRejectedAsync(string storeId)
    {
        if (await GetAsync(storeId) is not { TokenRejectedAt: null } connection)
            return;
        connection.TokenRejectedAt = time.GetUtcNow();
        await SaveAsync(storeId, connection);
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
