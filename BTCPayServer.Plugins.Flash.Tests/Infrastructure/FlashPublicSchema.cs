namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// The repository's copy of Flash's public schema, the contract the plugin talks to in production. It lives in the
/// repository so that a clone alone runs every test that trusts it.
/// </summary>
internal static class FlashPublicSchema
{
    /// <summary>The lines above Flash's own text: where it came from, and what it is for.</summary>
    public const int HeaderLines = 2;

    public static string Path { get; } = Repository.PathOf("Flash.MockServer", "GraphQL", "flash-public-schema.graphql");

    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Path));

    /// <summary>The whole file; the header lines are GraphQL comments.</summary>
    public static string Sdl => Text.Value;
}
