using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Flash.MockServer.Auth;

/// <summary>A field the caller may not use, and why.</summary>
internal sealed record AccessDenial(string Field, FieldAccess? Access);

/// <summary>
/// Walks the selected operation (through fragments) and checks each field with an access rule against the
/// caller. Root fields without a rule are denied: deny by default.
/// </summary>
internal static class OperationAccessAnalyzer
{
    public static AccessDenial? FindDenial(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation, Caller caller)
    {
        var root = operation.Operation switch
        {
            OperationType.Query => schema.Query,
            OperationType.Mutation => schema.Mutation,
            OperationType.Subscription => schema.Subscription,
            _ => null,
        };
        if (root is null)
            return null;
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>().ToDictionary(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal);
        return Walk(schema, fragments, root, operation.SelectionSet, caller, isRoot: true, new HashSet<string>(StringComparer.Ordinal));
    }

    private static AccessDenial? Walk(ISchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, IGraphType parent,
        GraphQLSelectionSet? selections, Caller caller, bool isRoot, HashSet<string> visitedFragments)
    {
        if (selections is null)
            return null;
        foreach (var selection in selections.Selections)
        {
            var denial = selection switch
            {
                GraphQLField field => CheckField(schema, fragments, parent, field, caller, isRoot, visitedFragments),
                GraphQLInlineFragment inline => Walk(schema, fragments, TypeNamed(schema, inline.TypeCondition?.Type.Name.StringValue) ?? parent,
                    inline.SelectionSet, caller, isRoot, visitedFragments),
                GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                    && visitedFragments.Add(fragment.FragmentName.Name.StringValue) =>
                    Walk(schema, fragments, TypeNamed(schema, fragment.TypeCondition.Type.Name.StringValue) ?? parent,
                        fragment.SelectionSet, caller, isRoot, visitedFragments),
                _ => null,
            };
            if (denial is not null)
                return denial;
        }
        return null;
    }

    private static AccessDenial? CheckField(ISchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, IGraphType parent,
        GraphQLField field, Caller caller, bool isRoot, HashSet<string> visitedFragments)
    {
        var name = field.Name.StringValue;
        var coordinate = $"{parent.Name}.{name}";
        var rules = isRoot ? FieldAccessPolicy.RootFields : FieldAccessPolicy.NestedFields;
        if (rules.TryGetValue(coordinate, out var access))
        {
            if (!FieldAccessPolicy.Allows(access, caller))
                return new AccessDenial(coordinate, access);
        }
        else if (isRoot)
        {
            return new AccessDenial(coordinate, null);
        }
        var type = (parent as IComplexGraphType)?.GetField(name)?.ResolvedType?.GetNamedType();
        return type is null ? null : Walk(schema, fragments, type, field.SelectionSet, caller, isRoot: false, visitedFragments);
    }

    private static IGraphType? TypeNamed(ISchema schema, string? name) => name is null ? null : schema.AllTypes[name];
}
