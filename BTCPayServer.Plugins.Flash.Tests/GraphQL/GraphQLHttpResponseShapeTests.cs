using System.Text;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>Every shape of answer a GraphQL server, a gateway or a proxy can send, and the typed error each becomes.</summary>
public sealed class GraphQLHttpResponseShapeTests : ScriptedServerTest
{
    private static readonly GraphQLRequest Query = new("query Me { me { id } }", "Me");


    [Fact]
    public async Task A_data_object_is_returned()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("""{"me":{"id":"u1"}}"""));

        var data = await Transport().ExecuteAsync(Query);

        Assert.Equal("u1", data.GetProperty("me").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_plain_application_json_answer_is_accepted()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("""{"ok":true}""") with { ContentType = "application/json; charset=utf-8" });

        var data = await Transport().ExecuteAsync(Query);

        Assert.True(data.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Apollo_style_top_level_code_NOT_AUTHORIZED_is_unauthorized()
    {
        var ex = await FailsWith<FlashUnauthorizedException>(ScriptedHttpResponse.Json(
            """{"data":null,"errors":[{"message":"Not authorized","code":"NOT_AUTHORIZED","path":["me"]}]}"""));

        Assert.Equal("NOT_AUTHORIZED", ex.ReasonCode);
        Assert.Equal(200, ex.HttpStatus);
        Assert.False(ex.MayRetry);
    }

    [Fact]
    public async Task Spec_style_extensions_code_UNAUTHENTICATED_is_unauthorized()
    {
        var ex = await FailsWith<FlashUnauthorizedException>(ScriptedHttpResponse.Json(
            """{"errors":[{"message":"Who are you?","extensions":{"code":"UNAUTHENTICATED"}}]}"""));

        Assert.Equal("UNAUTHENTICATED", ex.ReasonCode);
    }

    [Fact]
    public async Task Execution_errors_expose_messages_codes_paths_and_locations()
    {
        var ex = await FailsWith<GraphQLRequestErrorException>(ScriptedHttpResponse.Json("""
            {"data":null,"errors":[
              {"message":"Invalid amount","path":["lnInvoiceCreate",0,"amount"],"locations":[{"line":2,"column":5}],"extensions":{"code":"BAD_USER_INPUT"}},
              {"message":"Wallet missing","code":"WALLET_NOT_FOUND"}]}
            """));

        Assert.Equal(["Invalid amount", "Wallet missing"], ex.Messages);
        Assert.Equal(["BAD_USER_INPUT", "WALLET_NOT_FOUND"], ex.Codes);
        var first = ex.Errors[0];
        Assert.Equal("BAD_USER_INPUT", first.EffectiveCode);
        Assert.Equal(["lnInvoiceCreate", "0", "amount"], first.Path!.Select(p => p.ToString()));
        Assert.Equal(JsonValueKind.Number, first.Path![1].ValueKind);
        var location = Assert.Single(first.Locations!);
        Assert.Equal((2, 5), (location.Line, location.Column));
        Assert.Equal("WALLET_NOT_FOUND", ex.Errors[1].Code);
        Assert.Null(ex.Errors[1].ExtensionsCode);
        Assert.Contains("BAD_USER_INPUT", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.ServerAcceptsOnlySubscriptions);
    }

    [Fact]
    public async Task Partial_data_with_errors_is_an_error_that_keeps_the_data()
    {
        var ex = await FailsWith<GraphQLRequestErrorException>(ScriptedHttpResponse.Json(
            """{"data":{"me":{"id":"u1","wallets":null}},"errors":[{"message":"wallets failed","path":["me","wallets"]}]}"""));

        Assert.Equal("u1", ex.PartialData!.Value.GetProperty("me").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_400_validation_failure_with_GraphQL_errors_is_a_request_error()
    {
        var ex = await FailsWith<GraphQLRequestErrorException>(ScriptedHttpResponse.Json(
            """{"errors":[{"message":"Cannot query field \"nope\" on type \"Query\".","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}""", 400));

        Assert.Equal(400, ex.HttpStatus);
        Assert.Equal(["GRAPHQL_VALIDATION_FAILED"], ex.Codes);
    }

    [Fact]
    public async Task An_HTML_502_from_a_proxy_is_transient()
    {
        var ex = await FailsWith<FlashTransientException>(ScriptedHttpResponse.Html("<html><body>502 Bad Gateway</body></html>", 502));

        Assert.Equal(502, ex.HttpStatus);
        Assert.True(ex.MayRetry);
        Assert.DoesNotContain("Bad Gateway", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTML_page_with_status_200_is_a_protocol_error()
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Html("<!doctype html><title>Login</title>", 200));

        Assert.Contains("HTML", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Login", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTML_body_labelled_as_JSON_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("  <html>maintenance</html>"));

    [Fact]
    public async Task Truncated_JSON_is_a_protocol_error()
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"data":{"me":{"id":"u"""));

        Assert.Contains("not valid GraphQL JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_that_is_a_string_is_a_protocol_error()
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"data":"surprise"}"""));

        Assert.Contains("'data' is a JSON string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_that_is_an_array_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"data":[1,2]}"""));

    [Fact]
    public async Task Errors_that_are_an_object_are_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"data":null,"errors":{"message":"one"}}"""));

    [Fact]
    public async Task An_error_without_a_message_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"errors":[{"code":"NOT_AUTHORIZED"}]}"""));

    [Theory]
    [InlineData("""{"errors":[{"message":null,"code":"NOT_AUTHORIZED"}]}""")]
    [InlineData("""{"data":{},"errors":[null]}""")]
    [InlineData("""{"errors":[{"message":"one"},null]}""")]
    public async Task An_error_entry_that_is_null_or_has_a_null_message_is_a_protocol_error(string body)
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json(body));

        Assert.Equal($"The answer is not a GraphQL result: an entry of 'errors' is not an error object with a message (server {Server.HttpEndpoint.Authority}, HTTP 200)", ex.Message);
    }

    [Fact]
    public async Task An_error_message_that_is_not_a_string_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"errors":[{"message":42}]}"""));

    [Fact]
    public async Task An_object_with_neither_data_nor_errors_is_a_protocol_error()
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"extensions":{}}"""));

        Assert.Contains("neither 'data' nor 'errors'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_errors_array_without_data_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("""{"errors":[]}"""));

    [Fact]
    public async Task A_JSON_array_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("[]"));

    [Fact]
    public async Task JSON_null_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json("null"));

    [Fact]
    public async Task An_empty_body_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Json(""));

    [Fact]
    public async Task Plain_text_is_a_protocol_error() =>
        await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Text("OK"));

    [Fact]
    public async Task A_404_that_is_not_GraphQL_is_a_protocol_error()
    {
        var ex = await FailsWith<FlashProtocolException>(ScriptedHttpResponse.Text("Not Found", 404));

        Assert.Equal(404, ex.HttpStatus);
    }

    [Fact]
    public async Task A_declared_huge_body_is_refused_unread()
    {
        var ex = await FailsWith<FlashProtocolException>(Huge(declareLength: true));

        Assert.Contains("larger than the 4194304-byte limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_huge_body_is_refused_at_the_limit() =>
        await FailsWith<FlashProtocolException>(Huge(declareLength: false));

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_read()
    {
        var json = """{"data":{"pad":"x"}}""";
        Server.Enqueue(ScriptedHttpResponse.Json(json) with { DeclareLength = false });

        var data = await Transport(new GraphQLHttpTransportOptions { MaxResponseBytes = Encoding.UTF8.GetByteCount(json), AttemptTimeout = Timeout.InfiniteTimeSpan })
            .ExecuteAsync(Query);

        Assert.Equal("x", data.GetProperty("pad").GetString());
    }

    [Fact]
    public async Task A_401_invalid_api_key_is_unauthorized_after_exactly_one_request()
    {
        var ex = await FailsWith<FlashUnauthorizedException>(
            ScriptedHttpResponse.Json("""{"error":"invalid_api_key"}""", 401) with { ContentType = "application/json" },
            OperationSafety.SafeToRepeat);

        Assert.Equal("invalid_api_key", ex.ReasonCode);
        Assert.Equal(401, ex.HttpStatus);
        Assert.False(ex.MayRetry);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_403_insufficient_scope_is_unauthorized()
    {
        var ex = await FailsWith<FlashUnauthorizedException>(
            ScriptedHttpResponse.Text("", 403).WithHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\""));

        Assert.Equal(403, ex.HttpStatus);
        Assert.Null(ex.ReasonCode);
    }

    [Fact]
    public async Task A_200_TOO_MANY_REQUESTS_beyond_the_wait_budget_is_rate_limited_with_its_retry_after()
    {
        var ex = await FailsWith<FlashRateLimitedException>(ScriptedHttpResponse.Json("""
            {"data":null,"errors":[{"message":"API key rate limit exceeded",
             "extensions":{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":42,"rateLimit":{"limit":120,"remaining":0}}}]}
            """));

        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
        Assert.Equal(200, ex.HttpStatus);
        Assert.True(ex.MayRetry);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_429_whose_Retry_After_exceeds_the_budget_is_rate_limited_at_once()
    {
        var ex = await FailsWith<FlashRateLimitedException>(ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "3600"));

        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Equal(429, ex.HttpStatus);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData(431, OversizedPart.Headers, "The server refused the request's headers as too large")]
    [InlineData(414, OversizedPart.Address, "The server refused the request's address as too long")]
    [InlineData(413, OversizedPart.Body, "The server refused the request body as too large")]
    public async Task A_request_refused_as_too_large_is_its_own_error_and_never_retried(int status, OversizedPart part, string problem)
    {
        // What proxies and Kestrel send: an HTML page or nothing, never GraphQL; even a safe query is not sent twice.
        var ex = await FailsWith<FlashRequestTooLargeException>(ScriptedHttpResponse.Html("<html><body>Too large</body></html>", status), OperationSafety.SafeToRepeat);

        Assert.Equal(part, ex.Part);
        Assert.Equal(status, ex.HttpStatus);
        Assert.False(ex.MayRetry);
        Assert.Equal($"{problem} (server {Server.HttpEndpoint.Authority}, HTTP {status})", ex.Message);
        Assert.Single(Server.Requests);
    }

    private static ScriptedHttpResponse Huge(bool declareLength)
    {
        var padding = new string('a', 5 * 1024 * 1024);
        return ScriptedHttpResponse.Json($$$"""{"data":{"pad":"{{{padding}}}"}}""") with { DeclareLength = declareLength };
    }

    private async Task<TException> FailsWith<TException>(ScriptedHttpResponse response, OperationSafety safety = OperationSafety.Unsafe)
        where TException : FlashApiException
    {
        Server.Enqueue(response);
        var ex = await Assert.ThrowsAsync<TException>(() => Transport().ExecuteAsync(Query, safety));
        Assert.Equal(Server.HttpEndpoint.Authority, ex.Server);
        Assert.Contains(Server.HttpEndpoint.Authority, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private GraphQLHttpTransport Transport(GraphQLHttpTransportOptions? options = null) =>
        new(HttpClient, Server.HttpEndpoint,
            options: options ?? new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan },
            timeProvider: new InstantTimeProvider());
}
