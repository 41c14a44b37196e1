using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Flash.MockServer.Storage;

/// <summary>Accounts, their BTC, USD (and for cut-over accounts USDT) wallets, and Kratos-style session tokens (stored as SHA-256 only).</summary>
internal sealed class AccountRepository(SqliteDatabase database, TimeProvider clock)
{
    // Accounts never change once created, so each is read from the store once: every authenticated query asks for one.
    private readonly ConcurrentDictionary<string, Task<Account?>> _accounts = new(StringComparer.Ordinal);

    /// <summary>Flash's Kratos session lifespan.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(720);

    private const string SessionTokenPrefix = "ory_st_";

    /// <summary>
    /// A new account with a BTC and a USD wallet, the default in <paramref name="defaultCurrency"/>. USDT makes a
    /// cut-over account: its USD wallet is the legacy one, and a USDT wallet (the default) holds its cash.
    /// </summary>
    public Task<Account> CreateAsync(string username, WalletCurrency defaultCurrency, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            var accountId = NewId();
            var wallets = new List<(string Id, WalletCurrency Currency)> { (NewId(), WalletCurrency.BTC), (NewId(), WalletCurrency.USD) };
            if (defaultCurrency == WalletCurrency.USDT)
                wallets.Add((NewId(), WalletCurrency.USDT));
            var account = new Account(accountId, username, clock.GetUtcNow(), wallets.Single(w => w.Currency == defaultCurrency).Id);
            await using (var insert = c.Command(
                "INSERT INTO accounts (id, username, created_at, default_wallet_id) VALUES ($id, $username, $created, $default)", t,
                ("$id", accountId), ("$username", username), ("$created", account.CreatedAt.ToUnixTimeMilliseconds()), ("$default", account.DefaultWalletId)))
                await insert.ExecuteNonQueryAsync(ct);
            foreach (var (id, currency) in wallets)
            {
                await using var wallet = c.Command("INSERT INTO wallets (id, account_id, currency, balance) VALUES ($id, $account, $currency, '0')", t,
                    ("$id", id), ("$account", accountId), ("$currency", currency.ToString()));
                await wallet.ExecuteNonQueryAsync(ct);
            }
            return account;
        }, cancellation);

    public Task<Account?> FindByUsernameAsync(string username, CancellationToken cancellation) =>
        FindAsync("username = $key", username, cancellation);

    public Task<Account?> GetAsync(string accountId, CancellationToken cancellation)
    {
        if (_accounts.TryGetValue(accountId, out var cached))
            return cached;
        return LoadAsync();

        async Task<Account?> LoadAsync()
        {
            var account = await FindAsync("id = $key", accountId, cancellation);
            if (account is not null)
                _accounts.TryAdd(accountId, Task.FromResult<Account?>(account));
            return account;
        }
    }

    public Task<IReadOnlyList<Wallet>> GetWalletsAsync(string accountId, CancellationToken cancellation) =>
        ReadWalletsAsync("WHERE account_id = $account ORDER BY currency", [("$account", accountId)], cancellation);

    /// <summary>Every wallet of every account: what a test reads to see whose balance a payment grew.</summary>
    public Task<IReadOnlyList<Wallet>> AllWalletsAsync(CancellationToken cancellation) =>
        ReadWalletsAsync("ORDER BY account_id, currency", [], cancellation);

    private Task<IReadOnlyList<Wallet>> ReadWalletsAsync(string clauses, (string Name, object? Value)[] parameters, CancellationToken cancellation) =>
        database.ReadAsync<IReadOnlyList<Wallet>>(async c =>
        {
            await using var command = c.Command("SELECT id, account_id, currency, balance FROM wallets " + clauses, null, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var wallets = new List<Wallet>();
            while (await reader.ReadAsync(cancellation))
                wallets.Add(ReadWallet(reader));
            return wallets;
        }, cancellation);

    public Task<Wallet?> GetWalletAsync(string walletId, CancellationToken cancellation) =>
        database.ReadAsync(c => GetWalletAsync(c, null, walletId, cancellation), cancellation);

    public static async Task<Wallet?> GetWalletAsync(SqliteConnection connection, SqliteTransaction? transaction, string walletId, CancellationToken cancellation)
    {
        await using var command = connection.Command("SELECT id, account_id, currency, balance FROM wallets WHERE id = $id", transaction, ("$id", walletId));
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadWallet(reader) : null;
    }

    public static async Task SetBalanceAsync(SqliteConnection connection, SqliteTransaction transaction, string walletId, decimal balance, CancellationToken cancellation)
    {
        await using var command = connection.Command("UPDATE wallets SET balance = $balance WHERE id = $id", transaction,
            ("$balance", balance.ToString(CultureInfo.InvariantCulture)), ("$id", walletId));
        await command.ExecuteNonQueryAsync(cancellation);
    }

    public Task SetBalanceAsync(string walletId, decimal balance, CancellationToken cancellation) =>
        database.WriteAsync(async (c, t, ct) =>
        {
            await SetBalanceAsync(c, t, walletId, balance, ct);
            return true;
        }, cancellation);

    /// <summary>Creates a session and returns its token: the only time the plaintext exists.</summary>
    public Task<string> CreateSessionAsync(string accountId, CancellationToken cancellation)
    {
        var token = SessionTokenPrefix + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
        var now = clock.GetUtcNow();
        return database.WriteAsync(async (c, t, ct) =>
        {
            await using var command = c.Command("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($hash, $account, $created, $expires)", t,
                ("$hash", Hash(token)), ("$account", accountId), ("$created", now.ToUnixTimeMilliseconds()), ("$expires", (now + SessionLifetime).ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(ct);
            return token;
        }, cancellation);
    }

    /// <summary>The account a live session token belongs to, or null for unknown and expired sessions.</summary>
    public Task<string?> FindSessionAccountAsync(string token, CancellationToken cancellation)
    {
        if (!token.StartsWith(SessionTokenPrefix, StringComparison.Ordinal))
            return Task.FromResult<string?>(null);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return database.ReadAsync(async c =>
        {
            await using var command = c.Command("SELECT account_id FROM sessions WHERE token_hash = $hash AND expires_at > $now", null, ("$hash", Hash(token)), ("$now", now));
            return await command.ExecuteScalarAsync(cancellation) as string;
        }, cancellation);
    }

    public static bool LooksLikeSessionToken(string token) => token.StartsWith(SessionTokenPrefix, StringComparison.Ordinal);

    private Task<Account?> FindAsync(string condition, string key, CancellationToken cancellation) =>
        database.ReadAsync(async c =>
        {
            await using var command = c.Command($"SELECT id, username, created_at, default_wallet_id FROM accounts WHERE {condition}", null, ("$key", key));
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            return await reader.ReadAsync(cancellation)
                ? new Account(reader.GetString(0), reader.GetString(1), reader.Time(2), reader.GetString(3))
                : null;
        }, cancellation);

    private static Wallet ReadWallet(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), Enum.Parse<WalletCurrency>(reader.GetString(2)),
        decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string NewId() => Guid.NewGuid().ToString();
}
