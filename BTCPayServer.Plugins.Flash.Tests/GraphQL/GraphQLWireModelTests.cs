using System.Text.Json;
using System.Text.Json.Serialization;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>The source-generated wire model and the small pure pieces of the transport.</summary>
public sealed class GraphQLWireModelTests
{
    [Fact]
    public void Typed_variables_are_serialised_through_the_callers_source_generated_context()
    {
        var request = GraphQLRequest.Create("mutation ($input: In!) { x(input: $input) }",
            new InvoiceVariables(new InvoiceInput("w1", 2100)), TestJsonContext.Default.InvoiceVariables);

        var json = JsonSerializer.Serialize(request, GraphQLJsonContext.Default.GraphQLRequest);

        Assert.Equal("""{"query":"mutation ($input: In!) { x(input: $input) }","variables":{"input":{"walletId":"w1","amount":2100}}}""", json);
    }

    [Fact]
    public void Variables_must_be_an_object()
    {
        using var array = JsonDocument.Parse("[1]");

        Assert.Throws<ArgumentException>(() => new GraphQLRequest("{ a }", variables: array.RootElement));
    }

    [Fact]
    public void An_error_reads_both_code_places_and_prefers_extensions()
    {
        var error = JsonSerializer.Deserialize("""{"message":"m","code":"TOP","extensions":{"code":"EXT","retryAfterSeconds":1.5}}""",
            GraphQLJsonContext.Default.GraphQLError)!;

        Assert.Equal("TOP", error.Code);
        Assert.Equal("EXT", error.ExtensionsCode);
        Assert.Equal("EXT", error.EffectiveCode);
        Assert.True(error.HasCode("top"));
        Assert.Equal(TimeSpan.FromSeconds(1.5), error.RetryAfter);
    }

    [Fact]
    public void An_auth_header_never_prints_its_value()
    {
        var header = AuthHeader.Bearer("flash_secret");

        Assert.Equal("Authorization: (redacted)", header.ToString());
        Assert.DoesNotContain("flash_secret", $"{header}", StringComparison.Ordinal);
    }

    [Fact]
    public void An_auth_header_value_with_a_line_break_is_refused_without_quoting_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => AuthHeader.ApiKey("fk_x\r\nX-Evil: 1"));

        Assert.DoesNotContain("fk_x", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOT_AUTHORIZED", true)]
    [InlineData("invalid_api_key", true)]
    [InlineData("flash_Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC10b2tlbg", false)]
    [InlineData("fk_0a1b2c3d_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", false)]
    [InlineData("Mixed_Case", false)]
    [InlineData("has space", false)]
    public void Only_plain_codes_are_printed(string code, bool printed) =>
        Assert.Equal(printed ? code : null, DiagnosticCode.OrNull(code));

    [Fact]
    public void Backoff_doubles_from_the_initial_delay_with_up_to_half_taken_off_and_a_cap()
    {
        var options = new GraphQLHttpTransportOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(300) };

        Assert.Equal(TimeSpan.FromMilliseconds(50), new GraphQLRetryPolicy(options, () => 0).Backoff(0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), new GraphQLRetryPolicy(options, () => 1).Backoff(1));
        Assert.Equal(TimeSpan.FromMilliseconds(300), new GraphQLRetryPolicy(options, () => 1).Backoff(5));
    }

    [Fact]
    public void Only_rate_limits_and_safe_transient_failures_are_retried()
    {
        var policy = new GraphQLRetryPolicy(new GraphQLHttpTransportOptions(), () => 0.5);

        Assert.False(policy.TryGetDelay(new FlashTransientException("x", "s", 503), OperationSafety.Unsafe, out _));
        Assert.False(policy.TryGetDelay(new FlashUnauthorizedException("s", 401, null), OperationSafety.SafeToRepeat, out _));
        Assert.False(policy.TryGetDelay(new FlashProtocolException("x", "s", 200), OperationSafety.SafeToRepeat, out _));
        Assert.True(policy.TryGetDelay(new FlashTransientException("x", "s", 503), OperationSafety.SafeToRepeat, out _));
        Assert.True(policy.TryGetDelay(new FlashRateLimitedException("s", 429, TimeSpan.FromSeconds(1)), OperationSafety.Unsafe, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
    }
}

internal sealed record InvoiceInput(string WalletId, long Amount);

internal sealed record InvoiceVariables(InvoiceInput Input);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InvoiceVariables))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
