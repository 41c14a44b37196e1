using System.Collections.Concurrent;
using System.Reflection;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// The GraphQL documents the plugin sends, each an embedded <c>.graphql</c> file named after its operation, so
/// tools and tests can validate every one of them against Flash's schema.
/// </summary>
public static class GraphQLOperations
{
    public const string ResourcePrefix = "BTCPayServer.Plugins.Flash.Operations.";
    public const string ResourceSuffix = ".graphql";

    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The document of the operation <paramref name="name"/> (e.g. <c>ApiTokenCreate</c>).</summary>
    public static string Get(string name) => Cache.GetOrAdd(name, Load);

    /// <summary>Names of every embedded operation.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(GraphQLOperations).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    private static string Load(string name)
    {
        using var stream = typeof(GraphQLOperations).Assembly.GetManifestResourceStream(ResourcePrefix + name + ResourceSuffix)
            ?? throw new ArgumentException($"No embedded GraphQL operation named {name}", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
