namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Where in the query document a GraphQL error points.</summary>
public sealed class GraphQLErrorLocation
{
    public int Line { get; init; }

    public int Column { get; init; }
}
