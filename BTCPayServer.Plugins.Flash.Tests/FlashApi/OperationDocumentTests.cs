using System.Text.Json;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace BTCPayServer.Plugins.Flash.Tests.FlashApi;

/// <summary>
/// Every GraphQL document the plugin can send is valid against Flash's public schema, as sent: the operation with the
/// shared fragments it uses appended. The documents are found by enumerating the plugin's embedded resources, so a new
/// one is validated without anyone adding it here.
/// </summary>
public sealed partial class OperationDocumentTests
{
    private static readonly Lazy<ISchema> FlashSchema = new(() => BuildSchema(FlashPublicSchema.Sdl));

    /// <summary>The API token service's operations (<c>apiToken*</c>) exist only on the mock (Flash never merged them): its SDL is their schema.</summary>
    private static readonly Lazy<ISchema> ApiTokenServiceSchema = new(() => BuildSchema(global::Flash.MockServer.GraphQL.FlashSchemaFactory.SdlFor(global::Flash.MockServer.Hosting.TokenDialect.Seed)));

    private static bool IsApiTokenServiceOnly(string name) => name.StartsWith("ApiToken", StringComparison.Ordinal);

    private static readonly IReadOnlyList<string> DocumentNames =
        FlashOperation.EmbeddedDocumentNames(typeof(FlashApiClient).Assembly).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> EmbeddedDocuments() => new(DocumentNames);

    [Fact]
    public void The_plugin_embeds_its_operation_documents()
    {
        Assert.True(DocumentNames.Count >= 11, "Expected the Operations/*.graphql documents to be embedded");
    }

    [Theory]
    [MemberData(nameof(EmbeddedDocuments))]
    public async Task The_document_is_valid_against_Flash_s_public_schema(string name)
    {
        var document = Parser.Parse(SentDocument(name));
        var operation = Assert.Single(document.Definitions.OfType<GraphQLOperationDefinition>());

        var validation = await ValidateAsync(document, operation, VariablesFor(name, operation), IsApiTokenServiceOnly(name) ? ApiTokenServiceSchema.Value : FlashSchema.Value);

        Assert.True(validation.IsValid,
            $"{name}.graphql is not valid against {(IsApiTokenServiceOnly(name) ? "the API token service's (mock) schema" : "Flash's schema")}:\n" + string.Join("\n", validation.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void Only_the_api_token_service_operations_are_missing_from_Flash_s_schema()
    {
        var flashRoots = Parser.Parse(FlashPublicSchema.Sdl).Definitions
            .OfType<GraphQLObjectTypeDefinition>().Where(t => t.Name.StringValue is "Query" or "Mutation" or "Subscription")
            .SelectMany(t => t.Fields!.Items.Select(f => f.Name.StringValue)).ToHashSet(StringComparer.Ordinal);

        var notInFlash = typeof(FlashOperations).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(p => (FlashOperation)p.GetValue(null)!).Where(o => !flashRoots.Contains(o.RootField)).Select(o => o.Name).Order(StringComparer.Ordinal);

        Assert.Equal(DocumentNames.Where(IsApiTokenServiceOnly), notInFlash);
    }

    [Theory]
    [InlineData("query Me { me { id walletBalance } }", "{}")]
    [InlineData("query Me { me { defaultAccount { wallets } } }", "{}")]
    [InlineData("mutation M($input: LnInvoiceCreateInput!) { lnInvoiceCreate(input: $input) { errors { message } } }",
        """{"input":{"walletId":"w","amount":1,"descriptionHash":"aa"}}""")]
    public async Task The_validation_refuses_what_Flash_would_refuse(string query, string variables)
    {
        var document = Parser.Parse(query);

        var validation = await ValidateAsync(document, document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            new GraphQLSerializer().Deserialize<Inputs>(variables)!, FlashSchema.Value);

        Assert.False(validation.IsValid);
    }

    private static Task<IValidationResult> ValidateAsync(GraphQLDocument document, GraphQLOperationDefinition operation, Inputs variables, ISchema schema) =>
        new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = operation,
            Rules = DocumentValidator.CoreRules,
            Variables = variables,
        });

    [Theory]
    [MemberData(nameof(EmbeddedDocuments))]
    public void The_document_has_one_operation_named_after_its_file(string name)
    {
        var document = Parser.Parse(Document(name));

        var operation = Assert.Single(document.Definitions.OfType<GraphQLOperationDefinition>());
        Assert.Equal(name, operation.Name?.StringValue);
        Assert.Single(document.Definitions);
    }

    [Fact]
    public void Every_embedded_document_is_an_operation_the_client_sends_and_each_loads()
    {
        var catalog = typeof(FlashApiClient).Assembly.GetType("BTCPayServer.Plugins.Flash.FlashApi.FlashOperations", throwOnError: true)!;
        var loaded = catalog.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(p => (FlashOperation)p.GetValue(null)!)
            .ToList();

        Assert.Equal(DocumentNames, loaded.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(loaded, o =>
        {
            var operation = Parser.Parse(o.Document).Definitions.OfType<GraphQLOperationDefinition>().Single();
            // The operation's root field comes first; only MeAndPrice (a cold checkout's one request) asks for a second.
            var roots = operation.SelectionSet.Selections.Select(s => Assert.IsAssignableFrom<GraphQLField>(s).Name.StringValue).ToList();
            Assert.Equal(o.RootField, roots[0]);
            Assert.Equal(o.Name == "MeAndPrice" ? ["me", "realtimePrice"] : [o.RootField], roots);
        });
    }

    /// <summary>
    /// The variables the client's own models serialise to, so the input objects are validated too. A new operation
    /// with variables fails here until it has a sample.
    /// </summary>
    private static Inputs VariablesFor(string name, GraphQLOperationDefinition operation)
    {
        if (operation.Variables is null or { Items.Count: 0 })
            return Inputs.Empty;
        var context = FlashApiJsonContext.Default;
        const string wallet = "0f1a9c3e-5b7d-4e2a-9c1f-3b5d7e9a1c2e";
        const string request = "lnbcrt10u1pexample";
        var hash = new string('a', 64);
        JsonElement? variables = name switch
        {
            "RealtimePrice" or "MeAndPrice" => JsonSerializer.SerializeToElement(new RealtimePriceVariables("USD"), context.RealtimePriceVariables),
            "LnInvoiceCreate" => JsonSerializer.SerializeToElement(
                new InputVariables<LnInvoiceCreateInput>(new() { WalletId = wallet, Amount = 1000, Memo = "coffee", ExpiresIn = 10 }),
                context.InputVariablesLnInvoiceCreateInput),
            "LnUsdInvoiceCreate" => JsonSerializer.SerializeToElement(
                new InputVariables<LnUsdInvoiceCreateInput>(new() { WalletId = wallet, Amount = 12.34m, Memo = "coffee", ExpiresIn = 10 }),
                context.InputVariablesLnUsdInvoiceCreateInput),
            "LnInvoiceCreateOnBehalfOfRecipient" => JsonSerializer.SerializeToElement(
                new InputVariables<LnInvoiceCreateOnBehalfOfRecipientInput>(new() { RecipientWalletId = wallet, Amount = 1000, DescriptionHash = hash, ExpiresIn = 10 }),
                context.InputVariablesLnInvoiceCreateOnBehalfOfRecipientInput),
            "LnUsdInvoiceCreateOnBehalfOfRecipient" => JsonSerializer.SerializeToElement(
                new InputVariables<LnUsdInvoiceCreateOnBehalfOfRecipientInput>(new() { RecipientWalletId = wallet, Amount = 12.34m, DescriptionHash = hash, ExpiresIn = 10 }),
                context.InputVariablesLnUsdInvoiceCreateOnBehalfOfRecipientInput),
            "LnInvoicePaymentStatusQuery" or "LnInvoicePaymentStatusSubscription" => JsonSerializer.SerializeToElement(
                new InputVariables<LnInvoicePaymentStatusInput>(new() { PaymentRequest = request }),
                context.InputVariablesLnInvoicePaymentStatusInput),
            "LnInvoicePaymentSend" => JsonSerializer.SerializeToElement(
                new InputVariables<LnInvoicePaymentInput>(new() { WalletId = wallet, PaymentRequest = request, IdempotencyKey = "key" }),
                context.InputVariablesLnInvoicePaymentInput),
            "LnUsdInvoiceFeeProbe" or "LnInvoiceFeeProbe" => JsonSerializer.SerializeToElement(
                new InputVariables<FeeProbeInput>(new() { WalletId = wallet, PaymentRequest = request }),
                context.InputVariablesFeeProbeInput),
            "ApiTokenCreate" => JsonSerializer.SerializeToElement(
                new InputVariables<global::BTCPayServer.Plugins.Flash.Auth.ApiTokenCreateInput>(new("BTCPay Server shop", ["read", "write"], 31_536_000, global::BTCPayServer.Plugins.Flash.Auth.ApiTokenRequest.DefaultRateLimitPerMinute)),
                global::BTCPayServer.Plugins.Flash.Auth.TokenJsonContext.Default.InputVariablesApiTokenCreateInput),
            "ApiKeyCreate" => JsonSerializer.SerializeToElement(
                new InputVariables<global::BTCPayServer.Plugins.Flash.Auth.ApiKeyCreateInput>(new("BTCPay Server shop", ["read_user", "read_wallet", "write_wallet"], null, global::BTCPayServer.Plugins.Flash.Auth.ApiTokenRequest.DefaultRateLimitPerMinute)),
                global::BTCPayServer.Plugins.Flash.Auth.TokenJsonContext.Default.InputVariablesApiKeyCreateInput),
            "ApiTokenRevoke" or "ApiTokenRotate" or "ApiKeyRevoke" or "ApiKeyRotate" => JsonSerializer.SerializeToElement(
                new InputVariables<global::BTCPayServer.Plugins.Flash.Auth.IdInput>(new("tok_0123456789abcdef")),
                global::BTCPayServer.Plugins.Flash.Auth.TokenJsonContext.Default.InputVariablesIdInput),
            _ => null,
        };
        Assert.True(variables is not null, $"{name}.graphql takes variables: add a sample of what the client sends to {nameof(VariablesFor)}");
        return new GraphQLSerializer().Deserialize<Inputs>(variables.Value.GetRawText())!;
    }

    /// <summary>The text the client sends for the operation named <paramref name="name"/>.</summary>
    private static string SentDocument(string name) =>
        ((FlashOperation)typeof(FlashOperations).GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Document;

    /// <summary>The operation's file as written, before the fragments it uses are appended.</summary>
    private static string Document(string name)
    {
        using var stream = typeof(FlashApiClient).Assembly.GetManifestResourceStream(FlashOperation.ResourcePrefix + name + FlashOperation.ResourceSuffix)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Flash's schema as GraphQL.NET sees it, for validation only: no resolvers, every custom scalar accepts any
    /// value, and abstract types resolve to nothing (execution never happens).
    /// </summary>
    private static ISchema BuildSchema(string sdl)
    {
        var subscriptions = Parser.Parse(sdl).Definitions.OfType<GraphQLObjectTypeDefinition>()
            .Single(t => t.Name.StringValue == "Subscription").Fields!.Items.Select(f => f.Name.StringValue).ToList();
        var schema = Schema.For(sdl, builder =>
        {
            builder.Types.ForAll(type => type.IsTypeOfFunc = _ => false);
            foreach (var field in subscriptions)
                builder.Types.For("Subscription").FieldFor(field).StreamResolver = new SourceStreamResolver<object>(_ => NoEvents.Instance);
        });
        foreach (var scalar in CustomScalars(sdl))
            schema.RegisterType(new AnyValueScalar(scalar));
        schema.Initialize();
        return schema;
    }

    private static IEnumerable<string> CustomScalars(string sdl) =>
        ScalarDefinition().Matches(sdl).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^scalar\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ScalarDefinition();

    private sealed class NoEvents : IObservable<object?>, IDisposable
    {
        public static NoEvents Instance { get; } = new();

        public IDisposable Subscribe(IObserver<object?> observer) => this;

        public void Dispose()
        {
        }
    }

    private sealed class AnyValueScalar : ScalarGraphType
    {
        public AnyValueScalar(string name) => Name = name;

        public override object? ParseValue(object? value) => value;

        public override object? ParseLiteral(GraphQLValue value) => value;

        public override bool CanParseLiteral(GraphQLValue value) => true;

        public override bool CanParseValue(object? value) => true;
    }
}
