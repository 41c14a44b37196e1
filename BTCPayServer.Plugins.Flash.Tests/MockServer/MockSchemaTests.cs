using Flash.MockServer.Auth;
using Flash.MockServer.GraphQL;
using Flash.MockServer.Hosting;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>The mock's schema is a faithful subset of Flash's, and every root field has an access rule.</summary>
public class MockSchemaTests
{
    private static readonly GraphQLDocument Flash = Parser.Parse(FlashPublicSchema.Sdl);
    private static readonly GraphQLDocument Mock = Parser.Parse(FlashSchemaFactory.FlashSdl);
    private static readonly GraphQLDocument SeedTokens = Parser.Parse(FlashSchemaFactory.SeedTokensSdl);

    [Fact]
    public void Every_type_the_mock_shares_with_Flash_has_the_same_kind_fields_and_arguments()
    {
        var flashTypes = Definitions(Flash);
        var problems = new List<string>();
        foreach (var (name, mockType) in Definitions(Mock))
        {
            if (!flashTypes.TryGetValue(name, out var flashType))
            {
                problems.Add($"{name} is not in Flash's schema");
                continue;
            }
            if (mockType.GetType() != flashType.GetType())
            {
                problems.Add($"{name} is a {mockType.Kind} in the mock but a {flashType.Kind} in Flash");
                continue;
            }
            var flashFields = Fields(flashType);
            foreach (var (field, signature) in Fields(mockType))
            {
                if (!flashFields.TryGetValue(field, out var flashSignature))
                    problems.Add($"{name}.{field} is not in Flash's schema");
                else if (signature != flashSignature)
                    problems.Add($"{name}.{field}: mock '{signature}' vs Flash '{flashSignature}'");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Api_token_service_definitions_are_the_mock_own_and_do_not_shadow_Flash_types()
    {
        var flashTypes = Definitions(Flash);
        var seedTypes = Definitions(SeedTokens).Keys.ToList();
        Assert.Contains("ApiTokenCreateInput", seedTypes);
        Assert.All(seedTypes, name => Assert.False(flashTypes.ContainsKey(name), $"{name} exists in Flash's schema"));
    }

    [Theory]
    [InlineData(TokenDialect.Seed)]
    [InlineData(TokenDialect.Fip07)]
    public void Every_root_field_has_an_access_rule(TokenDialect dialect)
    {
        var document = Parser.Parse(FlashSchemaFactory.SdlFor(dialect));
        var roots = document.Definitions.OfType<GraphQLObjectTypeDefinition>().Cast<IHasFieldsDefinitionNode>()
            .Concat(document.Definitions.OfType<GraphQLObjectTypeExtension>())
            .Select(t => ((INamedNode)t).Name.StringValue is var n && n is "Query" or "Mutation" or "Subscription" ? (Name: n, Fields: t.Fields) : default)
            .Where(t => t.Name is not null);
        var missing = roots.SelectMany(t => t.Fields!.Items.Select(f => $"{t.Name}.{f.Name.StringValue}"))
            .Where(coordinate => !FieldAccessPolicy.RootFields.ContainsKey(coordinate))
            .ToList();
        Assert.True(missing.Count == 0, "Root fields without an access rule: " + string.Join(", ", missing));
    }

    [Fact]
    public void Flash_today_has_no_api_token_service_operations()
    {
        Assert.DoesNotContain("apiTokenCreate", FlashSchemaFactory.SdlFor(TokenDialect.Fip07), StringComparison.Ordinal);
        Assert.Contains("apiTokenCreate", FlashSchemaFactory.SdlFor(TokenDialect.Seed), StringComparison.Ordinal);
    }

    private static Dictionary<string, ASTNode> Definitions(GraphQLDocument document) =>
        document.Definitions.OfType<GraphQLTypeDefinition>().ToDictionary(d => d.Name.StringValue, d => (ASTNode)d, StringComparer.Ordinal);

    /// <summary>Field (or input field, or enum value) name to a printed signature: type and argument types.</summary>
    private static Dictionary<string, string> Fields(ASTNode type) => type switch
    {
        IHasFieldsDefinitionNode withFields => withFields.Fields?.Items.ToDictionary(
            f => f.Name.StringValue,
            f => Print(f.Type) + (f.Arguments is { } args ? "(" + string.Join(", ", args.Items.Select(a => a.Name.StringValue + ": " + Print(a.Type))) + ")" : ""),
            StringComparer.Ordinal) ?? [],
        GraphQLInputObjectTypeDefinition input => input.Fields?.Items.ToDictionary(f => f.Name.StringValue, f => Print(f.Type), StringComparer.Ordinal) ?? [],
        GraphQLEnumTypeDefinition enumeration => enumeration.Values?.Items.ToDictionary(v => v.Name.StringValue, _ => "value", StringComparer.Ordinal) ?? [],
        GraphQLUnionTypeDefinition union => union.Types?.Items.ToDictionary(t => t.Name.StringValue, _ => "member", StringComparer.Ordinal) ?? [],
        _ => [],
    };

    private static string Print(GraphQLType type) => new SDLPrinter().Print(type);
}
