using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary><c>POST /_mock/faults</c> as the README shows it: the fault's kind by name, and a sentence for anything else.</summary>
public sealed class FaultControlTests : IAsyncLifetime
{
    private const string UnknownKind = "'kind' must be the name of a fault, one of HttpStatus, HtmlBadGateway, TruncatedJson, Delay, RejectWebSocketInit, WebSocketInternalError, DropAfterExecuting (in any case)";

    private MockServerHarness _mock = null!;
    private HttpClient _control = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockServerHarness.StartAsync();
        _control = new HttpClient { BaseAddress = _mock.Server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _control.Dispose();
        await _mock.DisposeAsync();
    }

    [Theory]
    [InlineData("HttpStatus")]
    [InlineData("httpstatus")]
    [InlineData("HTTPSTATUS")]
    public async Task A_kind_is_taken_by_name_in_any_case(string kind)
    {
        var armed = await _control.PostAsJsonAsync("_mock/faults", new { kind, remaining = 1, status = 504 });
        var failed = await _mock.Http.QueryAsync("{ __typename }");
        var next = await _mock.Http.QueryAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, failed.Status);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task Remaining_defaults_to_one_and_counts_requests()
    {
        await _control.PostAsJsonAsync("_mock/faults", new { kind = "HtmlBadGateway", remaining = 2 });

        var first = await _mock.Http.QueryAsync("{ __typename }");
        var second = await _mock.Http.QueryAsync("{ __typename }");
        var third = await _mock.Http.QueryAsync("{ __typename }");
        await _control.PostAsJsonAsync("_mock/faults", new { kind = "truncatedJson" });
        var truncated = await _mock.Http.QueryAsync("{ __typename }");
        var after = await _mock.Http.QueryAsync("{ __typename }");

        Assert.Equal([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK], new[] { first.Status, second.Status, third.Status });
        Assert.StartsWith("text/html", first.ContentType, StringComparison.Ordinal);
        Assert.Equal("{\"data\":{\"me\":{\"id\":\"", truncated.Body);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task DropAfterExecuting_does_the_work_and_ends_the_connection_without_an_answer()
    {
        var armed = await _control.PostAsJsonAsync("_mock/faults", new { kind = "DropAfterExecuting" });

        await Assert.ThrowsAsync<HttpRequestException>(() => CredentialFlows.CreateKeyAsync(_mock, new { name = "made never told", scopes = new[] { "read_user" } }));
        var keys = await _mock.Http.WithBearerAsync(_mock.SessionToken, "{ apiKeys { name status } }");

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        var key = Assert.Single(keys.Data!["apiKeys"]!.AsArray());
        Assert.Equal(("made never told", "ACTIVE"), (key!["name"]!.GetValue<string>(), key["status"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"kind":"Teapot"}""")]
    [InlineData("""{"kind":"Delay,HttpStatus"}""")]
    [InlineData("""{"kind":"1"}""")]
    [InlineData("""{"kind":1}""")]
    [InlineData("""{"kind":null}""")]
    [InlineData("""{"remaining":1}""")]
    public async Task Anything_but_a_fault_name_is_400_with_the_valid_names(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _control.PostAsync("_mock/faults", content);
        var graphQL = await _mock.Http.QueryAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(UnknownKind, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, graphQL.Status);
    }
}
