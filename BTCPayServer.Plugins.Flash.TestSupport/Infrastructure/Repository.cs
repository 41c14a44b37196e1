using System.Reflection;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>Where the repository and this build live, as recorded at compile time.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("BuildConfiguration");

    /// <summary>True when built against a checked-out BTCPay submodule rather than the stand-ins.</summary>
    public static bool UsesBTCPaySubmodule { get; } = bool.Parse(Metadata("UseBTCPaySubmodule"));

    /// <summary>
    /// A path inside the repository. Tests never reach outside it, so that a clone alone runs them: a path that
    /// leaves the repository is refused.
    /// </summary>
    public static string PathOf(params string[] parts)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Root));
        var path = Path.GetFullPath(Path.Combine([root, .. parts]));
        if (path != root && !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"{Path.Combine(parts)} is outside the repository; tests read and write only inside it", nameof(parts));
        return path;
    }

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing");
}
