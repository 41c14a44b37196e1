using System.Reflection;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>Where the repository and this build live, as recorded at compile time.</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("BuildConfiguration");

    /// <summary>True when built against a checked-out BTCPay submodule rather than the stand-ins.</summary>
    public static bool UsesBTCPaySubmodule { get; } = bool.Parse(Metadata("UseBTCPaySubmodule"));

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing");
}
