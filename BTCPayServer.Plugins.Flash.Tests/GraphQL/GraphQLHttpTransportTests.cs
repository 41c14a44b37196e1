using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>What the HTTP transport puts on the wire, how it retries, and what it never reveals.</summary>
public sealed class GraphQLHttpTransportTests : ScriptedServerTest
{
    private const string Secret = "flash_Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg";
    private const string ApiKey = "fk_0a1b2c3d_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2";
    private static readonly GraphQLRequest Query = new("query Me { me { id } }", "Me");

    private readonly InstantTimeProvider _time = new();

    [Fact]
    public async Task Posts_JSON_with_the_GraphQL_over_HTTP_accept_header()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}"));
        var request = GraphQLRequest.Create("mutation Pay($input: PayInput!) { pay(input: $input) { status } }",
            new JsonObject { ["input"] = new JsonObject { ["amount"] = 21 } }, "Pay");

        await Transport().ExecuteAsync(request);

        var sent = Assert.Single(Server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/graphql", sent.Path);
        Assert.Equal("application/graphql-response+json, application/json;q=0.9", sent.Header("Accept"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        var body = sent.Json();
        Assert.Equal(request.Query, body.GetProperty("query").GetString());
        Assert.Equal("Pay", body.GetProperty("operationName").GetString());
        Assert.Equal(21, body.GetProperty("variables").GetProperty("input").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Absent_operation_name_and_variables_are_left_out_of_the_body()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}"));

        await Transport().ExecuteAsync(new GraphQLRequest("{ globals { network } }"));

        var body = Assert.Single(Server.Requests).Json();
        Assert.Equal(["query"], body.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_auth_hook_supplies_a_bearer_header_per_request()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}"), ScriptedHttpResponse.Data("{}"));
        var calls = 0;

        var transport = Transport(auth: _ => { calls++; return ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(Secret)); });
        await transport.ExecuteAsync(Query);
        await transport.ExecuteAsync(Query);

        Assert.Equal(2, calls);
        Assert.All(Server.Requests, r => Assert.Equal("Bearer " + Secret, r.Header("Authorization")));
    }

    [Fact]
    public async Task The_auth_hook_can_send_an_API_key_header_instead()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}"));

        await Transport(auth: _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.ApiKey(ApiKey))).ExecuteAsync(Query);

        var sent = Assert.Single(Server.Requests);
        Assert.Equal(ApiKey, sent.Header("X-API-KEY"));
        Assert.Null(sent.Header("Authorization"));
    }

    [Fact]
    public async Task An_auth_hook_returning_null_sends_no_credentials()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}"));

        await Transport(auth: _ => ValueTask.FromResult<AuthHeader?>(null)).ExecuteAsync(Query);

        var sent = Assert.Single(Server.Requests);
        Assert.Null(sent.Header("Authorization"));
        Assert.Null(sent.Header("X-API-KEY"));
    }

    [Fact]
    public async Task A_429_is_waited_out_for_its_Retry_After_then_the_answer_is_returned()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Text("slow down", 429).WithHeader("Retry-After", "2"),
            ScriptedHttpResponse.Data("""{"ok":true}"""));

        var data = await Transport().ExecuteAsync(Query);

        Assert.True(data.GetProperty("ok").GetBoolean());
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], _time.RequestedDelays);
    }

    [Fact]
    public async Task A_429_is_waited_out_on_the_real_clock_too()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "1"),
            ScriptedHttpResponse.Data("""{"ok":true}"""));
        var transport = new GraphQLHttpTransport(HttpClient, Server.HttpEndpoint);
        var clock = Stopwatch.StartNew();

        await transport.ExecuteAsync(Query);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {clock.Elapsed}");
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_200_TOO_MANY_REQUESTS_is_waited_out_for_retryAfterSeconds_even_for_a_mutation()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Json("""{"data":null,"errors":[{"message":"API key rate limit exceeded","extensions":{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":3}}]}"""),
            ScriptedHttpResponse.Data("""{"ok":true}"""));

        await Transport().ExecuteAsync(Query, OperationSafety.Unsafe);

        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(3)], _time.RequestedDelays);
    }

    [Fact]
    public async Task A_200_TOO_MANY_REQUESTS_without_retryAfterSeconds_falls_back_to_the_Retry_After_header()
    {
        Server.Enqueue(ScriptedHttpResponse.Json("""{"errors":[{"message":"slow","extensions":{"code":"TOO_MANY_REQUESTS"}}]}""")
            .WithHeader("Retry-After", "7200"));

        var ex = await Assert.ThrowsAsync<FlashRateLimitedException>(() => Transport().ExecuteAsync(Query));

        Assert.Equal(TimeSpan.FromHours(2), ex.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_waits_stop_at_the_total_budget()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "6"),
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "6"));

        var ex = await Assert.ThrowsAsync<FlashRateLimitedException>(() => Transport().ExecuteAsync(Query));

        Assert.Equal(TimeSpan.FromSeconds(6), ex.RetryAfter);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(6)], _time.RequestedDelays);
    }

    [Fact]
    public async Task A_call_that_fails_fast_gets_a_429_after_one_request_even_with_a_short_Retry_After()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "2"),
            ScriptedHttpResponse.Data("""{"ok":true}"""));

        var ex = await Assert.ThrowsAsync<FlashRateLimitedException>(() =>
            Transport().ExecuteAsync(Query, OperationSafety.SafeToRepeat, RateLimitHandling.FailFast));

        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
        Assert.Single(Server.Requests);
        Assert.Empty(_time.RequestedDelays);
    }

    [Fact]
    public async Task A_transport_that_does_not_wait_out_rate_limits_throws_the_first_TOO_MANY_REQUESTS()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Json("""{"data":null,"errors":[{"message":"API key rate limit exceeded","extensions":{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":3}}]}"""),
            ScriptedHttpResponse.Data("""{"ok":true}"""));
        var transport = new GraphQLHttpTransport(HttpClient, Server.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan, WaitOutRateLimits = false }, timeProvider: _time);

        var ex = await Assert.ThrowsAsync<FlashRateLimitedException>(() => transport.ExecuteAsync(Query, OperationSafety.SafeToRepeat));

        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Single(Server.Requests);
        Assert.Empty(_time.RequestedDelays);
    }

    [Fact]
    public async Task A_transport_that_does_not_wait_out_rate_limits_still_retries_transient_failures()
    {
        Server.Enqueue(ScriptedHttpResponse.Text("", 503), ScriptedHttpResponse.Data("""{"ok":true}"""));
        var transport = new GraphQLHttpTransport(HttpClient, Server.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan, WaitOutRateLimits = false }, timeProvider: _time);

        await transport.ExecuteAsync(Query, OperationSafety.SafeToRepeat);

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task The_RateLimited_option_tells_a_limit_as_the_caller_knows_it()
    {
        Server.Enqueue(ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "42"));
        var transport = new GraphQLHttpTransport(HttpClient, Server.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan, RateLimited = limited => limited.OfTheStoresKey() },
            timeProvider: _time);

        var ex = await Assert.ThrowsAsync<FlashRateLimitedException>(() => transport.ExecuteAsync(Query));

        Assert.Equal($"Flash's rate limit for this store's key was reached; retry in 42 s (server {Server.HttpEndpoint.Authority}, HTTP 429)", ex.Message);
        Assert.True(ex.OfStoreKey);
    }

    [Fact]
    public async Task A_transient_503_is_retried_with_backoff_for_an_operation_safe_to_repeat()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Text("", 503),
            ScriptedHttpResponse.Text("", 503),
            ScriptedHttpResponse.Data("""{"ok":true}"""));

        var data = await Transport().ExecuteAsync(Query, OperationSafety.SafeToRepeat);

        Assert.True(data.GetProperty("ok").GetBoolean());
        Assert.Equal(3, Server.Requests.Count);
        var delays = _time.RequestedDelays.ToArray();
        Assert.Equal(2, delays.Length);
        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(250));
        Assert.InRange(delays[1], TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task A_transient_503_is_not_retried_for_an_unsafe_mutation()
    {
        Server.Enqueue(ScriptedHttpResponse.Text("", 503), ScriptedHttpResponse.Data("{}"));

        var ex = await Assert.ThrowsAsync<FlashTransientException>(() => Transport().ExecuteAsync(Query, OperationSafety.Unsafe));

        Assert.Equal(503, ex.HttpStatus);
        Assert.True(ex.MayRetry);
        Assert.Single(Server.Requests);
        Assert.Empty(_time.RequestedDelays);
    }

    [Fact]
    public async Task Transient_retries_stop_after_the_configured_number()
    {
        for (var i = 0; i < 5; i++)
            Server.Enqueue(ScriptedHttpResponse.Text("", 500));

        await Assert.ThrowsAsync<FlashTransientException>(() => Transport().ExecuteAsync(Query, OperationSafety.SafeToRepeat));

        Assert.Equal(4, Server.Requests.Count);
    }

    [Fact]
    public async Task AServer_that_does_not_answer_in_time_is_a_transient_timeout()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}") with { Delay = TimeSpan.FromSeconds(30) });
        var transport = new GraphQLHttpTransport(HttpClient, Server.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { AttemptTimeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<FlashTransientException>(() => transport.ExecuteAsync(Query));

        Assert.Contains("did not answer within 0.3 s", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.HttpStatus);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var closedPort = new UriBuilder(Server.HttpEndpoint) { Port = FreePort() }.Uri;
        var transport = new GraphQLHttpTransport(HttpClient, closedPort);

        var ex = await Assert.ThrowsAsync<FlashTransientException>(() => transport.ExecuteAsync(Query));

        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task A_connection_dropped_mid_body_is_transient()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("""{"me":{"id":"u1"}}""") with { DropConnectionAfterBytes = 8 });

        await Assert.ThrowsAsync<FlashTransientException>(() => Transport().ExecuteAsync(Query));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_dressed_up_as_a_timeout()
    {
        Server.Enqueue(ScriptedHttpResponse.Data("{}") with { Delay = TimeSpan.FromSeconds(30) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Transport().ExecuteAsync(Query, OperationSafety.SafeToRepeat, cancellation.Token));
    }

    [Fact]
    public async Task Works_with_a_client_from_IHttpClientFactory()
    {
        var requests = new HttpRequestCounter();
        await using var services = new ServiceCollection().AddHttpClient()
            .ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(requests.NewHandler)).BuildServiceProvider();
        var httpClient = services.GetRequiredService<IHttpClientFactory>().CreateClient("Flash");
        Server.Enqueue(ScriptedHttpResponse.Data("""{"ok":true}"""));

        var data = await new GraphQLHttpTransport(httpClient, Server.HttpEndpoint).ExecuteAsync(Query);

        Assert.True(data.GetProperty("ok").GetBoolean());
        Assert.Equal(1, requests.All);
    }

    [Fact]
    public async Task A_401_never_reveals_the_secret_it_echoes_nor_the_auth_header()
    {
        Server.Enqueue(ScriptedHttpResponse.Json($$"""{"error":"invalid_api_key","token":"{{Secret}}","key":"{{ApiKey}}"}""", 401));

        var ex = await Assert.ThrowsAsync<FlashUnauthorizedException>(() =>
            Transport(auth: _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(Secret))).ExecuteAsync(Query));

        AssertNoSecret(ex);
    }

    [Fact]
    public async Task GraphQL_errors_that_echo_a_secret_keep_it_out_of_the_exception_text()
    {
        Server.Enqueue(ScriptedHttpResponse.Json($$$"""
            {"errors":[{"message":"Variable $token got invalid value {{{Secret}}}","code":"{{{Secret}}}","extensions":{"code":"{{{ApiKey}}}"}}]}
            """));

        var ex = await Assert.ThrowsAsync<GraphQLRequestErrorException>(() =>
            Transport(auth: _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.ApiKey(ApiKey))).ExecuteAsync(Query));

        AssertNoSecret(ex);
        Assert.Contains(Secret, ex.Messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_body_that_contains_a_secret_keeps_it_out_of_the_exception_text()
    {
        Server.Enqueue(
            ScriptedHttpResponse.Json($$"""{"data":"{{Secret}}"}"""),
            ScriptedHttpResponse.Json($$"""{"data":{"x":"{{Secret}}"}, "errors":{{{Secret}}""", 400),
            ScriptedHttpResponse.Html($"<pre>{Secret}</pre>", 502));
        var transport = Transport(auth: _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(Secret)));

        AssertNoSecret(await Assert.ThrowsAsync<FlashProtocolException>(() => transport.ExecuteAsync(Query)));
        AssertNoSecret(await Assert.ThrowsAsync<FlashProtocolException>(() => transport.ExecuteAsync(Query)));
        AssertNoSecret(await Assert.ThrowsAsync<FlashTransientException>(() => transport.ExecuteAsync(Query)));
    }

    private static void AssertNoSecret(Exception ex)
    {
        foreach (var text in new[] { ex.Message, ex.ToString() })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Zm9yLXRlc3Rz", text, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private GraphQLHttpTransport Transport(AuthHeaderSource? auth = null) =>
        new(HttpClient, Server.HttpEndpoint, auth,
            new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan },
            timeProvider: _time);
}
