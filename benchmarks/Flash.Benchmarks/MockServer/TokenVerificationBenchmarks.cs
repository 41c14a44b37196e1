using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace Flash.Benchmarks.MockServer;

/// <summary>
/// Verifying a token must not depend on how many are stored: the lookup is by an indexed hash, never a scan.
/// Compares 100 with 100,000 stored tokens, for the store's lookup and for the whole verification.
/// </summary>
[MemoryDiagnoser]
public class TokenVerificationBenchmarks
{
    private MockServices _services = null!;
    private CredentialRepository _repository = null!;
    private string[] _tokens = [];
    private string[] _lookups = [];
    private int _next;

    [Params(100, 100_000)]
    public int StoredTokens { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = new MockFlashServerOptions { DatabasePath = ":memory:", DefaultRateLimitPerMinute = int.MaxValue };
        _services = await MockServices.CreateAsync(options, CancellationToken.None);
        _repository = new CredentialRepository(_services.Database);
        var now = DateTimeOffset.UtcNow;
        // Ten tokens per account: the most the per-account limit allows.
        var accounts = new List<string>();
        for (var i = 0; i < (StoredTokens + 9) / 10; i++)
            accounts.Add((await _services.Accounts.CreateAsync($"bench-{i}", WalletCurrency.USD, CancellationToken.None)).Id);
        _tokens = new string[StoredTokens];
        _lookups = new string[StoredTokens];
        for (var i = 0; i < StoredTokens; i++)
        {
            var token = FlashTokenFormat.Generate();
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
            _tokens[i] = token;
            _lookups[i] = Convert.ToHexStringLower(hash);
            var credential = new Credential($"tok_{i:x8}", CredentialKind.Token, _lookups[i], hash, accounts[i / 10], "bench", ["read"],
                now, null, null, null, 0, null, []);
            if (!await _repository.TryInsertAsync(credential, maxActive: 10, CancellationToken.None))
                throw new InvalidOperationException("The benchmark store refused a token");
        }
        // Both sizes are measured warm (every token seen once), so the comparison is about the store's size,
        // not about how many first uses a run happens to contain. FindByLookup measures the cold path.
        foreach (var token in _tokens)
            await _services.Credentials.VerifyAsync(CredentialKind.Token, token, null, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _services.DisposeAsync();

    /// <summary>The store's indexed lookup, on a different token each call.</summary>
    [Benchmark]
    public async Task<bool> FindByLookup() => await _repository.FindByLookupAsync(_lookups[Next()], CancellationToken.None) is not null;

    /// <summary>Full verification of a token seen before: checksum, cached lookup, constant-time compare, expiry, limits.</summary>
    [Benchmark]
    public async Task<bool> VerifyStoredToken() =>
        await _services.Credentials.VerifyAsync(CredentialKind.Token, _tokens[Next()], null, CancellationToken.None) is CredentialVerification.Accepted;

    private int Next() => (int)((uint)Interlocked.Increment(ref _next) % (uint)_tokens.Length);
}
