using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// The GraphQL HTTP transport's reading of answers, over real loopback HTTP, against generated answers: any status,
/// content type, body (bytes, text, damaged or ill-typed GraphQL JSON, HTML), length or cut-off connection ends in the
/// <c>data</c> object or a <see cref="FlashApiException"/>; no failure quotes a secret the answer carried; and any
/// <c>data</c> object comes back as it was sent.
/// </summary>
public sealed class GraphQLHttpTransportProperties(ITestOutputHelper output) : ScriptedServerTest
{
    private static readonly GraphQLRequest Query = new("query Me { me { id } }", "Me");

    private sealed record Answer(int Status, string? ContentType, byte[] Body, bool DeclareLength, int? DropAfterBytes, string? RetryAfter, int MaxResponseBytes)
    {
        public ScriptedHttpResponse ToScripted()
        {
            var response = new ScriptedHttpResponse
            {
                Status = Status,
                ContentType = ContentType,
                Body = Body,
                DeclareLength = DeclareLength,
                DropConnectionAfterBytes = DropAfterBytes,
            };
            return RetryAfter is null ? response : response.WithHeader("Retry-After", RetryAfter);
        }

        public override string ToString() =>
            $"HTTP {Status}, {ContentType ?? "no content type"}, {(DeclareLength ? "length declared" : "chunked")}, dropped after {DropAfterBytes?.ToString() ?? "never"}, "
            + $"Retry-After {RetryAfter ?? "none"}, limit {MaxResponseBytes}: {PropertyRun.Escape(Encoding.UTF8.GetString(Body))}";
    }

    private static readonly Gen<int> Status = Gen.Frequency(
        (6, Gen.Const(200)),
        (3, Gen.OneOf(201, 299, 301, 302, 303, 307, 308, 400, 401, 403, 404, 408, 413, 414, 418, 429, 431, 500, 502, 503, 599)));

    private static readonly Gen<string?> ContentType = Gen.OneOf(
        "application/graphql-response+json", "application/json", "application/json; charset=utf-8", "text/html", "text/html; charset=utf-8",
        "application/xhtml+xml", "text/plain", "application/problem+json").Null(0.15);

    private static readonly Gen<string?> RetryAfter =
        Gen.OneOf("0", "1", "30", "86400", "-5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 01 Jan 9999 00:00:00 GMT", "99999999999999999999").Null(0.7);

    private static readonly string[] ValidBodies =
    [
        """{"data":{"me":{"id":"u1","wallets":[{"id":"w1","balance":12}]}}}""",
        """{"data":null,"errors":[{"message":"Not authorized","code":"NOT_AUTHORIZED","path":["me"],"locations":[{"line":1,"column":9}]}]}""",
        """{"errors":[{"message":"API key rate limit exceeded","extensions":{"code":"TOO_MANY_REQUESTS","retryAfterSeconds":3}}]}""",
        """{"data":{"lnInvoiceCreate":{"errors":[{"message":"Invalid amount"}],"invoice":null}}}""",
        """{"error":"invalid_api_key"}""",
    ];

    private static readonly Gen<string> JsonText = Gen.Frequency(
        (3, GeneratedJson.Plain.Result.Select(result => result.ToJsonString())),
        (3, TextMutations.Of(Gen.Frequency((1, Gen.OneOf(ValidBodies)), (1, GeneratedJson.Plain.Result.Select(result => result.ToJsonString()))))),
        (1, Gen.OneOf(ValidBodies)),
        (1, Gen.OneOf("", " ", "null", "[]", "{}", "\"data\"", "{\"data\":[]}", "{\"data\":{}}", "\ufeff{\"data\":{}}", "{\"data\":{}}garbage", "<html><body>Bad gateway</body></html>", "  \r\n<!DOCTYPE html>")));

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, JsonText.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.String.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 200]));

    private static readonly Gen<Answer> AnyAnswer =
        from status in Status
        from contentType in ContentType
        from body in Body
        from declareLength in Gen.Bool
        from drop in Gen.Frequency((12, Gen.Const(false)), (1, Gen.Const(true)))
        from dropAt in Gen.Double.Unit
        from retryAfter in RetryAfter
        from limit in Gen.Frequency((6, Gen.Const(4 * 1024 * 1024)), (1, Gen.OneOf(16, 64, 1024)))
        select new Answer(status, contentType, body, declareLength, drop && body.Length > 0 ? (int)(dropAt * body.Length) : null, retryAfter, limit);

    [Fact]
    public async Task Every_answer_is_the_data_object_or_a_FlashApiException_of_the_kind_its_status_calls_for()
    {
        await new PropertyRun(output, "GraphQL HTTP reader, any answer", 3_000).CheckAsync(AnyAnswer, async answer =>
        {
            Server.Enqueue(answer.ToScripted());
            JsonElement data;
            try
            {
                data = await Transport(answer.MaxResponseBytes).ExecuteAsync(Query);
            }
            catch (FlashApiException e)
            {
                if (answer.DropAfterBytes is null && ExpectedFailure(answer.Status) is { } expected)
                    Assert.IsType(expected, e);
                return PropertyRun.Outcome(e);
            }

            Assert.InRange(answer.Status, 200, 299);
            Assert.Null(answer.DropAfterBytes);
            Assert.Equal(JsonValueKind.Object, data.ValueKind);
            return "data";
        }, print: answer => answer.ToString(), threads: 1);
    }

    [Fact]
    public async Task No_failure_quotes_a_secret_the_answer_carried()
    {
        var answers =
            from secret in Secrets.Any
            from body in SecretBody(secret)
            from status in Gen.OneOf(200, 200, 400, 401, 403, 429, 500)
            from contentType in ContentType
            from retryAfter in Gen.Const(secret).Null(0.8)
            select (Secret: secret, Answer: new Answer(status, contentType, Encoding.UTF8.GetBytes(body), true, null, retryAfter, 4 * 1024 * 1024));

        await new PropertyRun(output, "GraphQL HTTP reader, secrets", 2_000).CheckAsync(answers, async test =>
        {
            Server.Enqueue(test.Answer.ToScripted());
            try
            {
                await Transport(test.Answer.MaxResponseBytes).ExecuteAsync(Query);
                return "data (no failure to read)";
            }
            catch (FlashApiException e)
            {
                Secrets.AssertNotIn(test.Secret, e);
                return e.GetType().Name;
            }
        }, print: test => test.Answer.ToString(), threads: 1);
    }

    [Fact]
    public async Task Every_data_object_comes_back_as_it_was_sent()
    {
        var answers =
            from data in GeneratedJson.Plain.Object
            from extensions in GeneratedJson.Plain.Object.Null(0.7)
            from contentType in Gen.OneOf("application/graphql-response+json", "application/json; charset=utf-8", "application/json")
            from declareLength in Gen.Bool
            let dataText = data.ToJsonString()
            let body = new JsonObject { ["data"] = JsonNode.Parse(dataText), ["extensions"] = extensions }.ToJsonString()
            select (Data: dataText, Answer: new Answer(200, contentType, Encoding.UTF8.GetBytes(body), declareLength, null, null, 4 * 1024 * 1024));

        await new PropertyRun(output, "GraphQL HTTP reader, round trip", 1_500).CheckAsync(answers, async test =>
        {
            Server.Enqueue(test.Answer.ToScripted());

            var data = await Transport(test.Answer.MaxResponseBytes).ExecuteAsync(Query);

            using var sent = JsonDocument.Parse(test.Data);
            Assert.True(JsonElement.DeepEquals(sent.RootElement, data), $"sent {test.Data}, read {data.GetRawText()}");
            return data.EnumerateObject().Any() ? "data with members" : "empty data";
        }, print: test => test.Answer.ToString(), threads: 1);
    }

    /// <summary>The type the transport's contract names for a status, before any body is read; null where the body decides.</summary>
    private static Type? ExpectedFailure(int status) => status switch
    {
        401 or 403 => typeof(FlashUnauthorizedException),
        429 => typeof(FlashRateLimitedException),
        413 or 414 or 431 => typeof(FlashRequestTooLargeException),
        408 or >= 500 => typeof(FlashTransientException),
        >= 300 and < 400 => typeof(FlashProtocolException),
        _ => null,
    };

    /// <summary>An answer body with the secret somewhere a server might echo it: any string or key of a GraphQL result, a gateway error, a page, a cut-off body.</summary>
    private static Gen<string> SecretBody(string secret)
    {
        var json = new GeneratedJson(Gen.Frequency((1, GeneratedJson.PlainText), (1, Gen.Const(secret))));
        return Gen.Frequency(
            (6, json.Result.Select(result => result.ToJsonString()).Where(body => body.Contains(secret, StringComparison.Ordinal))),
            (1, Gen.Const($$"""{"error":"{{secret}}"}""")),
            (1, Gen.Const($"<html><body>Your token {secret} was refused</body></html>")),
            (1, Gen.OneOf($$"""{"errors":[{"message":"{{secret}}""", $$"""{"data":{"{{secret}}":""", $$"""{"errors":[{"message":"x","code":"{{secret}}"}]""")),
            (1, Gen.Const(secret)));
    }

    private GraphQLHttpTransport Transport(int maxResponseBytes) =>
        new(HttpClient, Server.HttpEndpoint, options: new GraphQLHttpTransportOptions { MaxRetries = 0, MaxResponseBytes = maxResponseBytes });
}
