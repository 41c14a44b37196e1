namespace Flash.MockServer.Auth;

/// <summary>Scope names and their implications, for both dialects. Deny by default: unknown scopes grant nothing.</summary>
internal static class Scopes
{
    // The API token service (flash_ tokens): admin implies write, write implies read.
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    // The API key service (fk_ keys): write_X implies read_X, admin implies everything.
    public const string ReadUser = "read_user";
    public const string WriteUser = "write_user";
    public const string ReadWallet = "read_wallet";
    public const string WriteWallet = "write_wallet";
    public const string ReadTransactions = "read_transactions";
    public const string WriteTransactions = "write_transactions";

    public static readonly IReadOnlySet<string> SeedScopes = new HashSet<string>(StringComparer.Ordinal) { Read, Write, Admin };

    public static readonly IReadOnlySet<string> ApiKeyScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        Admin, ReadUser, WriteUser, ReadWallet, WriteWallet, ReadTransactions, WriteTransactions,
    };

    public static bool SeedGrants(IEnumerable<string> granted, string required) => granted.Any(g => SeedImplies(g, required));

    public static bool ApiKeyGrants(IEnumerable<string> granted, string required) => granted.Any(g => ApiKeyImplies(g, required));

    private static bool SeedImplies(string granted, string required) => (granted, required) switch
    {
        (Admin, _) => SeedScopes.Contains(required),
        (Write, Write or Read) => true,
        (Read, Read) => true,
        _ => false,
    };

    private static bool ApiKeyImplies(string granted, string required)
    {
        if (!ApiKeyScopes.Contains(granted) || !ApiKeyScopes.Contains(required))
            return false;
        if (granted == Admin || granted == required)
            return true;
        return granted.StartsWith("write_", StringComparison.Ordinal) && required == "read_" + granted["write_".Length..];
    }
}
