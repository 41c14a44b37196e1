using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace Flash.MockServer.Auth;

/// <summary>
/// The token service of both dialects: issue (secret shown once, SHA-256 stored), limit, expire, revoke, list,
/// rotate, per-credential rate limits and IP allowlists, usage analytics and an audit trail.
/// Verification is a single indexed lookup, cached in memory and evicted on every change the service makes.
/// </summary>
internal sealed partial class CredentialService : IAsyncDisposable
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly CredentialRepository _repository;
    private readonly AuditLog _audit;
    private readonly MockFlashServerOptions _options;
    private readonly TimeProvider _clock;
    // Verified credentials by lookup key, each with everything the hot path needs in one place; and the same
    // entries by id, for usage reporting and flushing. Every change the service makes evicts the entry.
    private readonly ConcurrentDictionary<string, VerifiedCredential> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerifiedCredential> _verifiedById = new(StringComparer.Ordinal);

    public CredentialService(CredentialRepository repository, AuditLog audit, MockFlashServerOptions options)
    {
        _repository = repository;
        _audit = audit;
        _options = options;
        _clock = options.TimeProvider;
    }

    public int LimitOf(Credential credential) => _options.RateLimitPerMinuteForAll ?? credential.RateLimitPerMinute ?? _options.DefaultRateLimitPerMinute;

    public async Task<CredentialCreation> CreateAsync(CredentialKind kind, string accountId, CredentialRequest request, IPAddress? ip, CancellationToken cancellation)
    {
        var validation = Validate(kind, request);
        if (validation is not null)
            return validation;
        var (credential, plaintext) = Issue(kind, accountId, request.Name, request.Scopes, ExpiryFrom(request.ExpiresInSeconds), request.RateLimitPerMinute,
            request.AllowedIps?.Select(ip => ip.Trim()).ToList() ?? []);
        if (!await _repository.TryInsertAsync(credential, _options.MaxActiveTokensPerAccount, cancellation))
            return LimitReached();
        await _audit.WriteAsync(AuditLog.Created, credential.Id, accountId, ip?.ToString(), credential.Kind.ToString(), cancellation);
        return CredentialCreation.Success(credential, plaintext);
    }

    /// <summary>The account's credentials of a kind, newest first, with usage not yet written to the store.</summary>
    public async Task<IReadOnlyList<Credential>> ListAsync(string accountId, CredentialKind kind, CancellationToken cancellation)
    {
        var stored = await _repository.ListAsync(accountId, kind, cancellation);
        return stored.Select(c => _verifiedById.TryGetValue(c.Id, out var entry) ? c with { RequestCount = c.RequestCount + Volatile.Read(ref entry.Pending) } : c).ToList();
    }

    public async Task<Credential?> RevokeAsync(string accountId, CredentialKind kind, string id, IPAddress? ip, CancellationToken cancellation)
    {
        var credential = await _repository.GetAsync(id, cancellation);
        if (credential is null || credential.Kind != kind || credential.AccountId != accountId)
            return null;
        var now = _clock.GetUtcNow();
        if (!await _repository.RevokeAsync(id, accountId, now, cancellation))
            return null;
        await EvictAsync(credential, cancellation);
        await _audit.WriteAsync(AuditLog.Revoked, id, accountId, ip?.ToString(), null, cancellation);
        return credential with { RevokedAt = now };
    }

    public async Task<CredentialCreation> RotateAsync(string accountId, CredentialKind kind, string id, IPAddress? ip, CancellationToken cancellation)
    {
        var old = await _repository.GetAsync(id, cancellation);
        var now = _clock.GetUtcNow();
        if (old is null || old.Kind != kind || old.AccountId != accountId || old.StatusAt(now) != CredentialStatus.Active)
            return CredentialCreation.Failure("NOT_FOUND", "No active credential with that id");
        var (replacement, plaintext) = Issue(kind, accountId, old.Name, old.Scopes, old.ExpiresAt, old.RateLimitPerMinute, old.AllowedIps);
        if (!await _repository.TryRotateAsync(old.Id, replacement, now, _options.MaxActiveTokensPerAccount, cancellation))
            return LimitReached();
        await EvictAsync(old, cancellation);
        await _audit.WriteAsync(AuditLog.Rotated, old.Id, accountId, ip?.ToString(), $"replaced by {replacement.Id}", cancellation);
        return CredentialCreation.Success(replacement, plaintext);
    }

    public async Task<bool> SetAllowedIpsAsync(string id, IReadOnlyList<string> allowedIps, CancellationToken cancellation)
    {
        if (!IpAllowlist.TryParse(allowedIps, out _, out _))
            return false;
        var credential = await _repository.GetAsync(id, cancellation);
        if (credential is null || !await _repository.SetAllowedIpsAsync(id, allowedIps, cancellation))
            return false;
        await EvictAsync(credential, cancellation);
        return true;
    }

    /// <summary>
    /// Checks a presented credential of the given kind: shape (and checksum, where the token has one), existence,
    /// constant-time secret comparison, expiry, revocation, IP allowlist, then the rate limit. Every refusal is audited.
    /// </summary>
    public async Task<CredentialVerification> VerifyAsync(CredentialKind kind, string presented, IPAddress? ip, CancellationToken cancellation)
    {
        if (!TryLocate(kind, presented, out var lookup, out var secretHash))
            return await RejectAsync(null, CredentialRejection.Malformed, ip, cancellation);

        if (!_verified.TryGetValue(lookup, out var entry))
        {
            var stored = await _repository.FindByLookupAsync(lookup, cancellation);
            if (stored is null || stored.Kind != kind)
                return await RejectAsync(null, CredentialRejection.Unknown, ip, cancellation);
            entry = Cache(stored);
        }
        var credential = entry.Credential;
        if (!CryptographicOperations.FixedTimeEquals(secretHash, credential.SecretHash))
            return await RejectAsync(null, CredentialRejection.Unknown, ip, cancellation);

        switch (credential.StatusAt(_clock.GetUtcNow()))
        {
            case CredentialStatus.Revoked:
                return await RejectAsync(credential, CredentialRejection.Revoked, ip, cancellation);
            case CredentialStatus.Expired:
                return await RejectAsync(credential, CredentialRejection.Expired, ip, cancellation);
        }
        if (!entry.Allowlist.Allows(ip))
            return await RejectAsync(credential, CredentialRejection.IpNotAllowed, ip, cancellation);

        using var lease = entry.Limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            await _audit.WriteAsync(AuditLog.RateLimited, credential.Id, credential.AccountId, ip?.ToString(), null, cancellation);
            return new CredentialVerification.RateLimited(credential, retryAfter, LimitOf(credential));
        }
        await RecordUseAsync(entry, cancellation);
        return new CredentialVerification.Accepted(credential);
    }

    /// <summary>Records that a caller was refused for lack of scope (the credential itself was valid).</summary>
    public Task AuditDeniedScopeAsync(Credential credential, IPAddress? ip, string field, CancellationToken cancellation) =>
        _audit.WriteAsync(AuditLog.Denied, credential.Id, credential.AccountId, ip?.ToString(), $"insufficient_scope:{field}", cancellation);

    public async Task FlushUsageAsync(CancellationToken cancellation)
    {
        var batch = new List<(string, long, DateTimeOffset?)>();
        foreach (var entry in _verifiedById.Values)
        {
            var pending = Interlocked.Exchange(ref entry.Pending, 0);
            if (pending > 0)
                batch.Add((entry.Credential.Id, pending, null));
        }
        await _repository.FlushUsageAsync(batch, cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await FlushUsageAsync(CancellationToken.None);
        foreach (var entry in _verifiedById.Values)
            entry.Limiter.Dispose();
    }

    private VerifiedCredential Cache(Credential credential)
    {
        IpAllowlist.TryParse(credential.AllowedIps, out var allowlist, out _);
        var created = new VerifiedCredential(credential, allowlist, new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = LimitOf(credential),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        var entry = _verified.GetOrAdd(credential.Lookup, created);
        if (entry == created)
            _verifiedById[credential.Id] = entry;
        else
            created.Limiter.Dispose();
        return entry;
    }

    /// <summary>Drops a credential from the cache after a change, keeping the usage it had not yet written.</summary>
    private async Task EvictAsync(Credential credential, CancellationToken cancellation)
    {
        _verified.TryRemove(credential.Lookup, out _);
        if (!_verifiedById.TryRemove(credential.Id, out var entry))
            return;
        entry.Limiter.Dispose();
        var pending = Interlocked.Exchange(ref entry.Pending, 0);
        if (pending > 0)
            await _repository.FlushUsageAsync([(credential.Id, pending, null)], cancellation);
    }

    private async Task RecordUseAsync(VerifiedCredential entry, CancellationToken cancellation)
    {
        Interlocked.Increment(ref entry.Pending);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var written = Volatile.Read(ref entry.LastUsedWrittenAt);
        // lastUsedAt is written at most once a minute per credential; request counts ride along.
        if (now - written < LastUsedResolution.TotalMilliseconds || Interlocked.CompareExchange(ref entry.LastUsedWrittenAt, now, written) != written)
            return;
        var pending = Interlocked.Exchange(ref entry.Pending, 0);
        await _repository.FlushUsageAsync([(entry.Credential.Id, pending, DateTimeOffset.FromUnixTimeMilliseconds(now))], cancellation);
    }

    private async Task<CredentialVerification> RejectAsync(Credential? credential, CredentialRejection reason, IPAddress? ip, CancellationToken cancellation)
    {
        await _audit.WriteAsync(AuditLog.Denied, credential?.Id, credential?.AccountId, ip?.ToString(), reason.ToString(), cancellation);
        return new CredentialVerification.Rejected(reason);
    }

    private static bool TryLocate(CredentialKind kind, string presented, out string lookup, out byte[] secretHash)
    {
        switch (kind)
        {
            case CredentialKind.Token when FlashTokenFormat.ShapeOf(presented) is { } shape:
                secretHash = FlashTokenFormat.SecretHash(presented, shape);
                lookup = Convert.ToHexStringLower(secretHash);
                return true;
            case CredentialKind.ApiKey when ApiKeyFormat.TryParse(presented, out var keyId, out var secret):
                secretHash = SHA256.HashData(Encoding.ASCII.GetBytes(secret));
                lookup = keyId;
                return true;
            default:
                lookup = "";
                secretHash = [];
                return false;
        }
    }

    private (Credential Credential, string Plaintext) Issue(CredentialKind kind, string accountId, string name, IReadOnlyList<string> scopes,
        DateTimeOffset? expiresAt, int? rateLimit, IReadOnlyList<string> allowedIps)
    {
        string plaintext, lookup;
        byte[] secretHash;
        if (kind == CredentialKind.Token)
        {
            plaintext = FlashTokenFormat.Generate(_options.SeedTokenShape);
            secretHash = FlashTokenFormat.SecretHash(plaintext, _options.SeedTokenShape);
            lookup = Convert.ToHexStringLower(secretHash);
        }
        else
        {
            (plaintext, lookup, var secret) = ApiKeyFormat.Generate();
            secretHash = SHA256.HashData(Encoding.ASCII.GetBytes(secret));
        }
        var id = kind == CredentialKind.Token ? "tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : Guid.NewGuid().ToString();
        var credential = new Credential(id, kind, lookup, secretHash, accountId, name, scopes.Distinct(StringComparer.Ordinal).ToList(),
            Now(), expiresAt, null, null, 0, rateLimit, allowedIps);
        return (credential, plaintext);
    }

    private DateTimeOffset? ExpiryFrom(long? seconds) => seconds is { } s ? Now().AddSeconds(s) : null;

    /// <summary>The clock at the store's resolution (milliseconds), so what a client sees now equals what it reads later.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().ToUnixTimeMilliseconds());

    private static CredentialCreation? Validate(CredentialKind kind, CredentialRequest request)
    {
        if (!NamePattern().IsMatch(request.Name))
            return CredentialCreation.Failure("INVALID_INPUT", "Name must be 3-50 characters of letters, digits, spaces, '-' or '_'");
        var known = kind == CredentialKind.Token ? Scopes.SeedScopes : Scopes.ApiKeyScopes;
        if (request.Scopes.Count == 0 || request.Scopes.Any(s => !known.Contains(s)))
            return CredentialCreation.Failure("INVALID_INPUT", "At least one valid scope is required");
        if (request.ExpiresInSeconds is <= 0 or > 10L * 365 * 24 * 3600)
            return CredentialCreation.Failure("INVALID_INPUT", "expiresIn must be between 1 second and 10 years");
        if (request.RateLimitPerMinute is < 1 or > 10_000)
            return CredentialCreation.Failure("INVALID_INPUT", "rateLimitPerMinute must be between 1 and 10000");
        if (!IpAllowlist.TryParse(request.AllowedIps, out _, out var error))
            return CredentialCreation.Failure("INVALID_INPUT", $"allowedIps: {error}");
        return null;
    }

    private CredentialCreation LimitReached() => CredentialCreation.Failure("TOO_MANY_TOKENS",
        $"This account already has {_options.MaxActiveTokensPerAccount} active tokens: revoke one first");

    [GeneratedRegex("^[a-zA-Z0-9_ -]{3,50}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>A verified credential with its parsed allowlist, its rate limiter and its unwritten usage.</summary>
    private sealed class VerifiedCredential(Credential credential, IpAllowlist allowlist, RateLimiter limiter)
    {
        public Credential Credential { get; } = credential;
        public IpAllowlist Allowlist { get; } = allowlist;
        public RateLimiter Limiter { get; } = limiter;
        public long Pending;
        public long LastUsedWrittenAt;
    }
}
