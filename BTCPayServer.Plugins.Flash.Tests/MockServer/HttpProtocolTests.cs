using System.Net;
using System.Text;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>GraphQL over HTTP as the GraphQL-over-HTTP draft spec asks: status codes and media types.</summary>
public sealed class HttpProtocolTests : IAsyncLifetime
{
    private const string NotUtf8 = "The request body is not valid UTF-8 JSON: a string in it holds invalid UTF-8 or a lone surrogate escape";

    private MockServerHarness _mock = null!;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task A_valid_query_is_200_in_the_negotiated_media_type()
    {
        var response = await _mock.Http.QueryAsync("{ __typename globals { network } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.StartsWith("application/graphql-response+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Query", response.Data!["__typename"]!.GetValue<string>());
        Assert.Equal("regtest", response.Data["globals"]!["network"]!.GetValue<string>());
    }

    [Fact]
    public async Task Legacy_clients_get_application_json()
    {
        var response = await _mock.Http.SendAsync("""{"query":"{ __typename }"}""", accept: "application/json");
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_is_405_with_Allow()
    {
        var response = await _mock.Http.SendAsync("", method: HttpMethod.Get);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Contains("POST", response.ContentHeaders.Allow);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Other_content_types_are_415(string? contentType)
    {
        var response = await _mock.Http.SendAsync("""{"query":"{ __typename }"}""", contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
    }

    [Fact]
    public async Task An_unacceptable_Accept_is_406()
    {
        var response = await _mock.Http.SendAsync("""{"query":"{ __typename }"}""", accept: "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"query\":")]
    [InlineData("[]")]
    [InlineData("{\"query\":42}")]
    [InlineData("{}")]
    [InlineData("{\"query\":\"{ __typename }\",\"variables\":[1]}")]
    [InlineData("{\"query\":\"{ __typename }\",\"operationName\":7}")]
    [InlineData("{\"query\":\"{ __typename }\",\"extensions\":\"x\"}")]
    public async Task Malformed_requests_are_400_with_an_error(string body)
    {
        var response = await _mock.Http.SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorMessage);
    }

    [Fact]
    public async Task A_syntax_error_is_400()
    {
        var response = await _mock.Http.QueryAsync("{ globals { ");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("Syntax error", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_errors_are_400_under_graphql_response_json_and_200_under_json()
    {
        const string body = """{"query":"{ globals { noSuchField } }"}""";

        var modern = await _mock.Http.SendAsync(body);
        var legacy = await _mock.Http.SendAsync(body, accept: "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Contains("noSuchField", modern.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Null(modern.Data);
    }

    [Fact]
    public async Task A_variable_of_the_wrong_type_is_a_validation_error()
    {
        var response = await _mock.Http.QueryAsync(
            "query($input: LnInvoicePaymentStatusInput!) { lnInvoicePaymentStatus(input: $input) { status } }",
            new { input = new { paymentRequest = 42 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotNull(response.FirstErrorMessage);
    }

    [Fact]
    public async Task Subscriptions_over_http_are_refused()
    {
        var response = await _mock.Http.QueryAsync("subscription { myUpdates { errors { message } } }");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task Oversized_bodies_are_413()
    {
        var huge = "{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + new string('x', 300 * 1024) + "\"}}";
        var response = await _mock.Http.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
    }

    [Fact]
    public async Task Deeply_nested_json_is_400_not_a_crash()
    {
        var nested = new StringBuilder("{\"query\":\"{ __typename }\",\"variables\":{\"a\":");
        nested.Append(new string('[', 500)).Append(new string(']', 500)).Append("}}");
        var response = await _mock.Http.SendAsync(nested.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Theory]
    [InlineData("{\"query\":\"{ __typename \xFF }\"}")]
    [InlineData("{\"query\":\"query($m: String) { __typename }\",\"variables\":{\"m\":\"\xC3\x28\"}}")]
    [InlineData("{\"query\":\"{ __typename }\",\"variables\":{\"\xED\xA0\x80\":1}}")]
    public async Task Invalid_utf8_bytes_are_400_with_a_plain_error(string latin1Body)
    {
        // Each char of the Latin-1 string is one byte of the body, so the body holds exactly the bytes written above.
        var response = await _mock.Http.SendBytesAsync(Encoding.Latin1.GetBytes(latin1Body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(NotUtf8, response.FirstErrorMessage);
        Assert.Equal("BAD_REQUEST", response.FirstErrorCode);
    }

    [Theory]
    [InlineData("""{"query":"query($m: String) { __typename }","variables":{"m":"\ud800"}}""")]
    [InlineData("""{"query":"query($m: String) { __typename }","variables":{"m":["ok","\udc00 alone"]}}""")]
    [InlineData("""{"query":"{ __typename } # \ud800"}""")]
    [InlineData("""{"query":"{ __typename }","operationName":"\ud83d"}""")]
    public async Task A_lone_surrogate_escape_is_400_with_a_plain_error(string body)
    {
        var response = await _mock.Http.SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(NotUtf8, response.FirstErrorMessage);
    }
}
