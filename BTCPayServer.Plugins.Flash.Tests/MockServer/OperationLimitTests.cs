using System.Globalization;
using System.Net;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.FlashApi;
using Flash.MockServer.GraphQL;
using Flash.MockServer.Hosting;
using GraphQL;
using GraphQL.Instrumentation;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// How much one operation may ask for: an alias flood or a deep nest is refused as a validation error in plain words,
/// while everything the plugin sends, and the usual introspection query, stays well inside the limits.
/// </summary>
public sealed class OperationLimitTests : IAsyncLifetime
{
    private const string TooMany = "The operation asks for too many fields at once: it weighs {0} and this server allows 1000 (every field and every alias counts one). Ask for fewer fields, or split the operation into several requests.";

    private MockServerHarness _mock = null!;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task Five_thousand_aliases_are_refused_like_any_validation_error()
    {
        var body = JsonSerializer.Serialize(new { query = "{ " + string.Join(" ", Enumerable.Range(0, 5000).Select(i => $"a{i}: __typename")) + " }" });

        var modern = await _mock.Http.SendAsync(body);
        var legacy = await _mock.Http.SendAsync(body, accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, TooMany, 5000), modern.FirstErrorMessage);
        Assert.Equal("COMPLEXITY", modern.FirstErrorCode);
        Assert.Null(modern.Data);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal(modern.FirstErrorMessage, legacy.FirstErrorMessage);
    }

    [Fact]
    public async Task Each_field_under_an_alias_counts()
    {
        var response = await _mock.Http.QueryAsync("{ " + string.Join(" ", Enumerable.Range(0, 400).Select(i => $"g{i}: globals {{ network nodesIds }}")) + " }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, TooMany, 1200), response.FirstErrorMessage);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_refused()
    {
        // __type, 19 levels of ofType, then name: 21 levels.
        var response = await _mock.Http.QueryAsync(NestedTypeQuery(19));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("The operation nests fields 21 levels deep; this server allows at most 20. Ask for less deeply nested fields.", response.FirstErrorMessage);
    }

    [Fact]
    public async Task Nesting_too_deep_to_parse_is_a_plain_parse_error_not_a_server_error()
    {
        var response = await _mock.Http.QueryAsync(NestedTypeQuery(100));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("The operation is nested too deeply to parse. Ask for less deeply nested fields.", response.FirstErrorMessage);
        Assert.Equal("GRAPHQL_PARSE_FAILED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Over_the_websocket_nesting_too_deep_to_parse_ends_the_operation_with_an_error_message()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(_mock.Server.WebSocketUri, _mock.SessionToken);

        await socket.SubscribeAsync("deep", NestedTypeQuery(100));

        var error = await socket.ReceiveAsync("deep", "error");
        Assert.Equal("The operation is nested too deeply to parse. Ask for less deeply nested fields.", error["payload"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Over_the_websocket_an_operation_over_the_limit_ends_with_an_error_message()
    {
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(_mock.Server.WebSocketUri, _mock.SessionToken);

        await socket.SubscribeAsync("big", "subscription { myUpdates { " + string.Join(" ", Enumerable.Range(0, 600).Select(i => $"e{i}: errors {{ message }}")) + " } }");

        var error = await socket.ReceiveAsync("big", "error");
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, TooMany, 1201), error["payload"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_usual_introspection_query_is_answered()
    {
        var response = await _mock.Http.QueryAsync(IntrospectionQuery);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Null(response.Errors);
        Assert.Equal("Query", response.Data!["__schema"]!["queryType"]!["name"]!.GetValue<string>());
    }

    public static TheoryData<string> PluginDocuments() => new(FlashOperation.EmbeddedDocumentNames(typeof(FlashApiClient).Assembly).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(PluginDocuments))]
    public async Task Every_operation_the_plugin_sends_passes_limits_far_tighter_than_the_mock_s(string name)
    {
        var options = new MockFlashServerOptions();
        var document = Parser.Parse(PluginDocument(name));
        var operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single();
        // Variables are left out: the rule weighs selections, and each document's variables are validated elsewhere.
        operation.Variables = null;

        var validation = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = FlashSchemaFactory.Create(_mock.Server.Services),
            Document = document,
            Operation = operation,
            Rules = [new OperationLimitRule(options.MaxOperationDepth / 4, options.MaxOperationComplexity / 50)],
            Variables = Inputs.Empty,
            Metrics = Metrics.None,
        });

        Assert.True(validation.IsValid, $"{name}: " + string.Join("\n", validation.Errors.Select(e => e.Message)));
    }

    private static string NestedTypeQuery(int ofTypeLevels) =>
        "{ __type(name: \"Query\") { " + string.Concat(Enumerable.Repeat("ofType { ", ofTypeLevels)) + "name" + new string('}', ofTypeLevels) + " } }";

    /// <summary>The text the client sends for the operation: its document and the fragments it uses.</summary>
    private static string PluginDocument(string name) =>
        ((FlashOperation)typeof(FlashOperations).GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Document;

    /// <summary>The query GraphiQL and most GraphQL tools send to load a schema (types nested seven levels deep).</summary>
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}
