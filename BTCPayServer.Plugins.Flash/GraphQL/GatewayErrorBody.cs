namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>The non-GraphQL body Flash's gateway sends with a 401, e.g. <c>{"error":"invalid_api_key"}</c>.</summary>
internal sealed class GatewayErrorBody
{
    public string? Error { get; init; }
}
