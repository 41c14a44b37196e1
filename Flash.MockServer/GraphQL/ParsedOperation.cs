using GraphQLParser.AST;

namespace Flash.MockServer.GraphQL;

/// <summary>A parsed request and the operation it selects (null when the name matches none or is ambiguous).</summary>
internal sealed record ParsedOperation(GraphQLDocument Document, GraphQLOperationDefinition? Operation, string? OperationName)
{
    public OperationType? Type => Operation?.Operation;

    /// <summary>Names of the operation's root fields as written (no fragment expansion), for transport rules.</summary>
    public IReadOnlyList<string> RootFieldNames =>
        Operation?.SelectionSet.Selections.OfType<GraphQLField>().Select(f => f.Name.StringValue).ToList() ?? [];
}
