using System.Reflection;
using BTCPayServer.Plugins.Flash.FlashApi;
using GraphQLParser;
using GraphQLParser.AST;

namespace BTCPayServer.Plugins.Flash.Tests.FlashApi;

/// <summary>
/// The selections several documents share are fragments defined once (<c>FlashApi/Fragments.graphql</c>) and
/// appended to each operation that uses them, so what Flash receives is complete and defines no fragment it does not
/// use. Whether each document as sent is valid against Flash's schema is <see cref="OperationDocumentTests"/>'s part.
/// </summary>
public sealed class SharedFragmentsTests
{
    private static IReadOnlyList<FlashOperation> Operations { get; } =
        typeof(FlashOperations).GetProperties(BindingFlags.Public | BindingFlags.Static).Select(p => (FlashOperation)p.GetValue(null)!).ToList();

    private static IEnumerable<string> FragmentsDefinedIn(string document) =>
        Parser.Parse(document).Definitions.OfType<GraphQLFragmentDefinition>().Select(f => f.FragmentName.Name.StringValue);

    [Fact]
    public void Every_shared_fragment_is_used_by_an_operation()
    {
        var used = Operations.SelectMany(o => FragmentsDefinedIn(o.Document)).ToHashSet(StringComparer.Ordinal);

        var unused = FlashOperation.EmbeddedFragments.Names.Where(n => !used.Contains(n)).ToList();

        Assert.True(unused.Count == 0, $"Fragments.graphql defines fragments no operation uses: {string.Join(", ", unused)}. Use them or remove them.");
        Assert.True(FlashOperation.EmbeddedFragments.Names.Count >= 7, "Expected the shared fragments to be embedded");
    }

    [Theory]
    [InlineData("LnInvoiceCreate", "ErrorFields,CreatedInvoiceFields")]
    [InlineData("LnUsdInvoiceCreateOnBehalfOfRecipient", "ErrorFields,CreatedInvoiceFields")]
    [InlineData("LnInvoicePaymentStatusSubscription", "ErrorFields,PaymentStatusFields")]
    [InlineData("MeAndPrice", "UserWalletsFields,SatPriceFields")]
    [InlineData("ApiKeyRotate", "ErrorFields,CreatedApiKeyFields")]
    [InlineData("Globals", "")]
    public void The_text_sent_for_an_operation_defines_each_fragment_it_uses_once(string name, string fragments)
    {
        var operation = Assert.Single(Operations, o => o.Name == name);

        Assert.Equal(fragments.Split(',', StringSplitOptions.RemoveEmptyEntries), FragmentsDefinedIn(operation.Document));
        Assert.StartsWith(OperationFile(name).TrimEnd(), operation.Document, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_fragments_an_operation_uses_are_appended_once_with_the_fragments_they_use()
    {
        var fragments = SharedFragments.Parse("""
            # Shared selections (a comment that mentions ...Unused is not a use).
            fragment Outer on T {
              a
              ...Inner
            }

            fragment Inner on T {
              b
            }

            fragment Unused on T {
              c
            }
            """);
        const string document = """
            # Uses ...Unused only in this comment.
            query Q {
              t { ...Inner ...Outer }
              u { ...Inner }
              v { ... on T { c } }
            }
            """;

        var sent = FlashOperation.FromDocument("Q", "t", "read t", document, fragments).Document;

        Assert.Equal(document + "\n\nfragment Outer on T {\n  a\n  ...Inner\n}\n\nfragment Inner on T {\n  b\n}\n", sent);
    }

    [Fact]
    public void An_operation_that_uses_an_unknown_fragment_fails_to_load_with_a_clear_error()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FlashOperation.FromDocument("LnInvoiceCreate", "lnInvoiceCreate", "create the invoice",
            "mutation LnInvoiceCreate($input: LnInvoiceCreateInput!) { lnInvoiceCreate(input: $input) { invoice { ...InvoiceFeilds } } }",
            FlashOperation.EmbeddedFragments));

        Assert.Equal("The GraphQL document 'LnInvoiceCreate' uses the fragment 'InvoiceFeilds', which Fragments.graphql does not define.", failure.Message);
    }

    [Fact]
    public void A_fragment_that_uses_an_unknown_fragment_fails_the_operation_that_uses_it()
    {
        var fragments = SharedFragments.Parse("fragment Status on P { status errors { ...Errors } }");

        var failure = Assert.Throws<InvalidOperationException>(() => FlashOperation.FromDocument("Q", "p", "read p", "query Q { p { ...Status } }", fragments));

        Assert.Equal("The fragment 'Status' in Fragments.graphql uses the fragment 'Errors', which Fragments.graphql does not define.", failure.Message);
    }

    [Theory]
    [InlineData("fragment A on T { a }\n\nquery Q { t { ...A } }",
        "Fragments.graphql may hold only fragment definitions ('fragment Name on Type { ... }'), but line 3 starts something else.")]
    [InlineData("fragment A on T { a }\nfragment A on T { b }", "Fragments.graphql defines the fragment 'A' twice.")]
    [InlineData("fragment A on T { a { b }", "The fragment 'A' in Fragments.graphql has no closing brace.")]
    public void The_fragments_file_holds_only_well_formed_fragment_definitions(string text, string message)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => SharedFragments.Parse(text));

        Assert.Equal(message, failure.Message);
    }

    private static string OperationFile(string name)
    {
        using var stream = typeof(FlashApiClient).Assembly.GetManifestResourceStream(FlashOperation.ResourcePrefix + name + FlashOperation.ResourceSuffix)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
