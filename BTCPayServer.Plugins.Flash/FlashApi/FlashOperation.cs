using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.FlashApi;

/// <summary>
/// One GraphQL operation the plugin sends: its document (an embedded <c>Operations/{Name}.graphql</c> followed by the
/// shared fragments it uses, so every document as sent can be validated against Flash's schema by a test) and the
/// root field whose value the caller reads.
/// </summary>
internal sealed class FlashOperation
{
    /// <summary>Prefix of the embedded resource names of all operation documents.</summary>
    internal const string ResourcePrefix = "BTCPayServer.Plugins.Flash.FlashApi.Operations.";

    internal const string ResourceSuffix = ".graphql";

    private const string FragmentsResource = "BTCPayServer.Plugins.Flash.FlashApi." + SharedFragments.FileName;

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

    /// <summary>The text sent: the operation and the definitions of the fragments it uses.</summary>
    public string Document { get; }

    /// <summary>The fragments the documents share (<c>FlashApi/Fragments.graphql</c>).</summary>
    internal static SharedFragments EmbeddedFragments { get; } = SharedFragments.Parse(ReadEmbedded(FragmentsResource));

    public override string ToString() => Name;

    /// <summary>The request for this operation without variables.</summary>
    public GraphQLRequest Request() => new(Document, Name);

    /// <summary>The request for this operation with variables serialised through their source-generated type.</summary>
    public GraphQLRequest Request<TVariables>(TVariables variables, JsonTypeInfo<TVariables> variablesType) =>
        GraphQLRequest.Create(Document, variables, variablesType, Name);

    /// <summary>
    /// Reads <c>Operations/{name}.graphql</c> and appends the fragments it uses; a missing document or fragment is a
    /// build mistake, so it fails loudly.
    /// </summary>
    internal static FlashOperation Load(string name, string rootField, string purpose) =>
        FromDocument(name, rootField, purpose, ReadEmbedded(ResourcePrefix + name + ResourceSuffix), EmbeddedFragments);

    /// <summary>The operation <paramref name="document"/> defines, sent with the fragments of <paramref name="fragments"/> it uses.</summary>
    internal static FlashOperation FromDocument(string name, string rootField, string purpose, string document, SharedFragments fragments) =>
        new(name, rootField, purpose, fragments.AppendUsedBy(name, document));

    private static string ReadEmbedded(string resource)
    {
        using var stream = typeof(FlashOperation).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The GraphQL document '{resource}' is not embedded in the plugin.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Names of every embedded operation document, for tests that must see all of them.</summary>
    internal static IEnumerable<string> EmbeddedDocumentNames(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length]);
}
