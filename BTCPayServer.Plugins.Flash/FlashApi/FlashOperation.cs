using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// One GraphQL operation the plugin sends: its document (an embedded <c>Operations/{Name}.graphql</c>, so every
/// document can be validated against Flash's schema by a test) and the root field whose value the caller reads.
/// </summary>
internal sealed class FlashOperation
{
    /// <summary>Prefix of the embedded resource names of all operation documents.</summary>
    internal const string ResourcePrefix = "BTCPayServer.Plugins.Flash.FlashApi.Operations.";

    internal const string ResourceSuffix = ".graphql";

    private FlashOperation(string name, string rootField, string purpose, string document)
    {
        Name = name;
        RootField = rootField;
        Purpose = purpose;
        Document = document;
    }

    /// <summary>The operation name in the document, sent as <c>operationName</c>.</summary>
    public string Name { get; }

    /// <summary>The single root field the operation selects.</summary>
    public string RootField { get; }

    /// <summary>What the operation asks Flash to do, in a merchant's words: "Flash refused to {purpose}: ...".</summary>
    public string Purpose { get; }

    public string Document { get; }

    public override string ToString() => Name;

    /// <summary>The request for this operation without variables.</summary>
    public GraphQLRequest Request() => new(Document, Name);

    /// <summary>The request for this operation with variables serialised through their source-generated type.</summary>
    public GraphQLRequest Request<TVariables>(TVariables variables, JsonTypeInfo<TVariables> variablesType) =>
        GraphQLRequest.Create(Document, variables, variablesType, Name);

    /// <summary>Reads <c>Operations/{name}.graphql</c>; a missing document is a build mistake, so it fails loudly.</summary>
    internal static FlashOperation Load(string name, string rootField, string purpose)
    {
        var resource = ResourcePrefix + name + ResourceSuffix;
        using var stream = typeof(FlashOperation).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The GraphQL document '{resource}' is not embedded in the plugin.");
        using var reader = new StreamReader(stream);
        return new FlashOperation(name, rootField, purpose, reader.ReadToEnd());
    }

    /// <summary>Names of every embedded operation document, for tests that must see all of them.</summary>
    internal static IEnumerable<string> EmbeddedDocumentNames(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length]);
}
