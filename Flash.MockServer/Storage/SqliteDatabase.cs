using Microsoft.Data.Sqlite;

namespace Flash.MockServer.Storage;

/// <summary>
/// The mock's single SQLite connection. Every read and write is serialised through one lock: the mock
/// favours obvious atomicity (a limit check and its insert can never interleave) over throughput.
/// <c>:memory:</c> gives a database that lives exactly as long as this object.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private SqliteDatabase(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteDatabase> OpenAsync(string path, CancellationToken cancellation)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = path == ":memory:" ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellation);
        var database = new SqliteDatabase(connection);
        await database.WriteAsync(async (c, t, ct) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = SchemaSql;
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellation);
        if (path != ":memory:")
            await database.ReadAsync(c => Execute(c, "PRAGMA journal_mode=WAL;"), cancellation);
        return database;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellation)
    {
        await _lock.WaitAsync(cancellation);
        try
        {
            return await work(_connection);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction; an exception rolls all of it back.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellation)
    {
        await _lock.WaitAsync(cancellation);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellation);
            var result = await work(_connection, transaction, cancellation);
            await transaction.CommitAsync(cancellation);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            await _connection.DisposeAsync();
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }

    private static async Task<bool> Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        return true;
    }

    // Times are Unix milliseconds. Amounts: msat for invoices; wallet balances in the wallet's minor unit
    // (sats for BTC, cents for USD/USDT) as decimal text, since Flash reports fractional cents.
    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS accounts (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            default_wallet_id TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS wallets (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            currency TEXT NOT NULL,
            balance TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS wallets_by_account ON wallets(account_id);
        CREATE TABLE IF NOT EXISTS sessions (
            token_hash BLOB PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS credentials (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            lookup TEXT NOT NULL UNIQUE,
            secret_hash BLOB NOT NULL,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER,
            last_used_at INTEGER,
            request_count INTEGER NOT NULL DEFAULT 0,
            rate_limit INTEGER,
            allowed_ips TEXT NOT NULL DEFAULT '',
            max_active INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS credentials_by_account ON credentials(account_id, kind);
        -- The per-account limit lives in the database so that no interleaving of requests can exceed it.
        CREATE TRIGGER IF NOT EXISTS credentials_active_limit BEFORE INSERT ON credentials
        WHEN (SELECT COUNT(*) FROM credentials
              WHERE account_id = NEW.account_id AND kind = NEW.kind AND revoked_at IS NULL
                AND (expires_at IS NULL OR expires_at > NEW.created_at)) >= NEW.max_active
        BEGIN
            SELECT RAISE(ABORT, 'active_credential_limit');
        END;
        CREATE TABLE IF NOT EXISTS invoices (
            payment_hash TEXT PRIMARY KEY,
            payment_request TEXT NOT NULL UNIQUE,
            wallet_id TEXT NOT NULL REFERENCES wallets(id),
            amount_msat INTEGER,
            credit TEXT NOT NULL,
            memo TEXT,
            payment_secret TEXT NOT NULL,
            preimage TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            paid_at INTEGER
        );
        CREATE TABLE IF NOT EXISTS payments (
            account_id TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            status TEXT NOT NULL,
            payment_hash TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, idempotency_key)
        );
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            event TEXT NOT NULL,
            credential_id TEXT,
            account_id TEXT,
            ip TEXT,
            detail TEXT
        );
        CREATE TABLE IF NOT EXISTS node (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """;
}
