using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BTCPayServer.Plugins.Flash.GraphQL;

// GraphQL over HTTP, and what decides each request: its credential header, whether it may be repeated, how rate
// limits are waited out and how long to back off. Over 400 lines because these are the transport's own rules, read
// together with the one method that applies them.

/// <summary>
/// GraphQL over HTTP POST to one server. Take the <see cref="HttpClient"/> from <c>IHttpClientFactory</c> so
/// connections are pooled; this class adds the GraphQL media types, the credential header, bounded reading,
/// typed errors and retries.
/// </summary>
public sealed class GraphQLHttpTransport
{
    internal const string AcceptHeaderValue = "application/graphql-response+json, application/json;q=0.9";
    internal const string ContentTypeValue = "application/json";

    // Small bodies only: a 401 carries a short JSON error code, nothing worth megabytes.
    private const int GatewayErrorMaxBytes = 4 * 1024;

    private readonly HttpClient _httpClient;
    private readonly string _server;
    private readonly AuthHeaderSource? _authHeader;
    private readonly GraphQLHttpTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GraphQLHttpTransport(
        HttpClient httpClient,
        Uri endpoint,
        AuthHeaderSource? authHeader = null,
        GraphQLHttpTransportOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<GraphQLHttpTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
            throw new ArgumentException("The GraphQL endpoint must be an absolute URI.", nameof(endpoint));
        _httpClient = httpClient;
        Endpoint = endpoint;
        _server = FlashApiException.ServerOf(endpoint);
        _authHeader = authHeader;
        _options = options ?? new GraphQLHttpTransportOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<GraphQLHttpTransport>.Instance;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Runs <paramref name="request"/> and returns its <c>data</c> object. Rate limits are waited out within
    /// <see cref="GraphQLHttpTransportOptions.MaxTotalRetryDelay"/> (unless the options say otherwise); transient
    /// failures are retried only when <paramref name="safety"/> is <see cref="OperationSafety.SafeToRepeat"/>.
    /// </summary>
    /// <exception cref="FlashApiException">A typed failure; see its subclasses.</exception>
    public Task<JsonElement> ExecuteAsync(
        GraphQLRequest request, OperationSafety safety = OperationSafety.Unsafe, CancellationToken cancellation = default) =>
        ExecuteAsync(request, safety, RateLimitHandling.WaitWithinBudget, cancellation);

    /// <summary>
    /// Runs <paramref name="request"/> as <see cref="ExecuteAsync(GraphQLRequest, OperationSafety, CancellationToken)"/>
    /// does; with <see cref="RateLimitHandling.FailFast"/> a rate limit is thrown at once, after one request.
    /// </summary>
    /// <exception cref="FlashApiException">A typed failure; see its subclasses.</exception>
    public async Task<JsonElement> ExecuteAsync(
        GraphQLRequest request, OperationSafety safety, RateLimitHandling rateLimits, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Before the retry loop: waiting cannot make such a server reachable.
        if (_options.Unreachable is { } reason)
            throw new FlashTransientException(reason, _server, httpStatus: null);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, GraphQLJsonContext.Default.GraphQLRequest);
        var retry = new GraphQLRetryPolicy(_options, Random.Shared.NextDouble,
            waitOutRateLimits: _options.WaitOutRateLimits && rateLimits == RateLimitHandling.WaitWithinBudget);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(body, request.OperationName, cancellation);
            }
            catch (FlashUnauthorizedException refused) when (_options.CredentialsRefused is { } explain)
            {
                throw explain(refused);
            }
            catch (FlashApiException failure) when (retry.TryGetDelay(failure, safety, out var delay))
            {
                _logger.LogInformation(
                    "GraphQL request to {Server} failed with {Failure} (HTTP {Status}); attempt {Attempt} again in {DelayMs} ms",
                    _server, failure.GetType().Name, failure.HttpStatus, attempt + 1, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellation);
            }
            catch (FlashRateLimitedException limited) when (_options.RateLimited is { } explain)
            {
                throw explain(limited);
            }
        }
    }

    /// <summary>One attempt, counted in <see cref="Diagnostics.FlashMetrics"/> by operation and outcome.</summary>
    private async Task<JsonElement> SendOnceAsync(byte[] body, string? operation, CancellationToken cancellation)
    {
        try
        {
            var data = await SendAttemptAsync(body, cancellation);
            Diagnostics.FlashMetrics.CountRequest(_server, operation, failure: null);
            return data;
        }
        catch (FlashApiException failure)
        {
            Diagnostics.FlashMetrics.CountRequest(_server, operation, failure);
            throw;
        }
    }

    private async Task<JsonElement> SendAttemptAsync(byte[] body, CancellationToken cancellation)
    {
        using var attemptTimeout = _options.AttemptTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.AttemptTimeout, _time);
        // Link only when the caller can cancel: the common uncancellable call saves a source and a registration.
        using var linked = cancellation.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellation, attemptTimeout.Token) : null;
        var attempt = linked?.Token ?? attemptTimeout.Token;
        try
        {
            using var message = await CreateRequestAsync(body, attempt);
            using var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt);
            return await ReadResultAsync(response, attempt);
        }
        catch (OperationCanceledException ex) when (!cancellation.IsCancellationRequested)
        {
            // The attempt timeout or HttpClient.Timeout fired, not the caller.
            var limit = _options.AttemptTimeout == Timeout.InfiniteTimeSpan ? _httpClient.Timeout : _options.AttemptTimeout;
            throw new FlashTransientException(
                string.Create(CultureInfo.InvariantCulture, $"The server did not answer within {limit.TotalSeconds:0.###} s"),
                _server, httpStatus: null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new FlashTransientException(
                $"The server could not be reached ({ex.HttpRequestError})", _server, (int?)ex.StatusCode, ex);
        }
        catch (IOException ex)
        {
            throw new FlashTransientException("The connection failed while the answer was being read", _server, httpStatus: null, ex);
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(byte[] body, CancellationToken cancellation)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        try
        {
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentTypeValue);
            message.Headers.TryAddWithoutValidation("Accept", AcceptHeaderValue);
            foreach (var (name, value) in _options.Headers)
                message.Headers.TryAddWithoutValidation(name, value);
            if (_authHeader is not null && await _authHeader(cancellation) is { } header
                && !message.Headers.TryAddWithoutValidation(header.Name, header.Value))
            {
                // The header name is ours (a constant), never the secret value.
                throw new InvalidOperationException($"'{header.Name}' cannot be sent as a request header.");
            }
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private async Task<JsonElement> ReadResultAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 401 or 403:
                throw new FlashUnauthorizedException(_server, status, await ReadGatewayErrorAsync(response, cancellation));
            case 429:
                throw new FlashRateLimitedException(_server, status, RetryAfterOf(response));
            case FlashRequestTooLargeException.PayloadTooLarge or FlashRequestTooLargeException.UriTooLong or FlashRequestTooLargeException.RequestHeaderFieldsTooLarge:
                // Before the body: a server that refuses the request's size answers with whatever page it has.
                throw FlashRequestTooLargeException.ForHttpStatus(_server, status);
            case 408 or >= 500:
                throw new FlashTransientException("Flash's server failed to handle the request: try again in a moment", _server, status);
            case 301 or 302 or 303 or 307 or 308:
                throw new FlashProtocolException("The server answered with a redirect, which the plugin does not follow: enter the address of Flash's GraphQL API itself", _server, status);
        }

        var body = await BoundedBodyReader.ReadAsync(response.Content, _options.MaxResponseBytes, cancellation)
            ?? throw new FlashProtocolException(
                string.Create(CultureInfo.InvariantCulture, $"The answer is larger than the {_options.MaxResponseBytes}-byte limit"),
                _server, status);
        if (IsHtml(response.Content.Headers.ContentType, body.Span))
            throw new FlashProtocolException("The server answered with an HTML page instead of GraphQL JSON", _server, status);

        var result = Parse(body.Span, status);
        if (result.HasErrors)
        {
            var failure = GraphQLErrorClassifier.Classify(_server, status, result.Errors!, result.Data);
            if (failure is FlashRateLimitedException { RetryAfter: null } && RetryAfterOf(response) is { } headerWait)
                failure = new FlashRateLimitedException(_server, status, headerWait);
            throw failure;
        }
        if (status is < 200 or > 299)
            throw new FlashProtocolException("The server answered with an unexpected status and no GraphQL errors", _server, status);
        return result.Data!.Value;
    }

    private GraphQLResponse Parse(ReadOnlySpan<byte> body, int status)
    {
        GraphQLResponse? result;
        try
        {
            result = JsonSerializer.Deserialize(body, GraphQLJsonContext.Default.GraphQLResponse);
        }
        catch (JsonException ex)
        {
            // Only the position: the reader's message or path could quote part of the body.
            throw new FlashProtocolException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The answer is not valid GraphQL JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine})"),
                _server, status);
        }
        if (result is null)
            throw new FlashProtocolException("The answer is JSON null, not a GraphQL result", _server, status);
        if (result.FindShapeProblem() is { } problem)
            throw new FlashProtocolException($"The answer is not a GraphQL result: {problem}", _server, status);
        return result;
    }

    private static bool IsHtml(MediaTypeHeaderValue? contentType, ReadOnlySpan<byte> body)
    {
        if (contentType?.MediaType is "text/html" or "application/xhtml+xml")
            return true;
        var start = body.TrimStart(" \t\r\n"u8);
        return !start.IsEmpty && start[0] == (byte)'<';
    }

    private async Task<string?> ReadGatewayErrorAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            var body = await BoundedBodyReader.ReadAsync(response.Content, GatewayErrorMaxBytes, cancellation);
            return body is { } bytes ? JsonSerializer.Deserialize(bytes.Span, GraphQLJsonContext.Default.GatewayErrorBody)?.Error : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException)
        {
            // The status alone already says the credentials were refused.
            return null;
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };
}

/// <summary>
/// One credential header for a request: <c>Authorization: Bearer flash_...</c> or <c>X-API-KEY: fk_...</c>.
/// <see cref="ToString"/> hides the value so a logged or interpolated header never shows the secret.
/// </summary>
public readonly record struct AuthHeader
{
    public const string AuthorizationHeaderName = "Authorization";
    public const string ApiKeyHeaderName = "X-API-KEY";

    public AuthHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        // A line break would let a value smuggle extra headers; say so without quoting the value.
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("A header value must not contain a line break.", nameof(value));
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary><c>Authorization: Bearer {token}</c> (Flash <c>flash_</c> tokens, Kratos session tokens).</summary>
    public static AuthHeader Bearer(string token) => new(AuthorizationHeaderName, "Bearer " + token);

    /// <summary><c>X-API-KEY: {key}</c> (Flash <c>fk_</c> API keys).</summary>
    public static AuthHeader ApiKey(string key) => new(ApiKeyHeaderName, key);

    public override string ToString() => $"{Name}: (redacted)";
}

/// <summary>
/// Supplies the credential header for each HTTP request, or null to send none. Called per attempt, so a token
/// layer can decrypt, refresh or switch dialect between requests.
/// </summary>
public delegate ValueTask<AuthHeader?> AuthHeaderSource(CancellationToken cancellation);

/// <summary>Whether an operation may run twice if an attempt fails without a clear answer.</summary>
public enum OperationSafety
{
    /// <summary>A mutation without an idempotency key: a lost answer may mean it ran, so it is not repeated.</summary>
    Unsafe = 0,

    /// <summary>A query, or a mutation made idempotent: transient failures are retried with backoff.</summary>
    SafeToRepeat = 1,
}

/// <summary>What one HTTP call does when the server says it is rate limiting.</summary>
public enum RateLimitHandling
{
    /// <summary>Waits for the server's <c>Retry-After</c> and tries again, within the transport's retry budget.</summary>
    WaitWithinBudget = 0,

    /// <summary>
    /// Hands the limit to the caller at once: for calls made inside someone else's short budget, such as BTCPay's
    /// five seconds for <c>CreateInvoice</c>, where a wait only stalls the checkout.
    /// </summary>
    FailFast = 1,
}

/// <summary>
/// Decides whether and how long to wait before another attempt. Rate limits are waited out for any operation
/// (the server did not run it) unless <paramref name="waitOutRateLimits"/> is off; transient failures only for
/// operations safe to repeat.
/// </summary>
internal sealed class GraphQLRetryPolicy(GraphQLHttpTransportOptions options, Func<double> nextRandom, bool waitOutRateLimits = true)
{
    private TimeSpan _waited;
    private int _retries;

    public bool TryGetDelay(FlashApiException failure, OperationSafety safety, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (_retries >= options.MaxRetries)
            return false;

        switch (failure)
        {
            case FlashRateLimitedException rateLimited when waitOutRateLimits:
                delay = rateLimited.RetryAfter ?? Backoff(_retries);
                break;
            case FlashTransientException when safety == OperationSafety.SafeToRepeat:
                delay = Backoff(_retries);
                break;
            default:
                return false;
        }

        if (_waited + delay > options.MaxTotalRetryDelay)
            return false;
        _waited += delay;
        _retries++;
        return true;
    }

    internal TimeSpan Backoff(int retry) => Backoff(options.InitialBackoff, options.MaxBackoff, retry, nextRandom());

    /// <summary>
    /// Exponential backoff with "equal jitter": <paramref name="initial"/> doubled per earlier attempt up to
    /// <paramref name="max"/>, of which half is fixed and half scaled by <paramref name="random"/> (0 to 1), so many
    /// clients that failed together spread out. Also the listener's delay before subscribing again.
    /// </summary>
    internal static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int attempt, double random)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + capped / 2 * random);
    }
}

/// <summary>Reads a response body into memory, but never more than a limit: a hostile or broken server cannot exhaust memory.</summary>
internal static class BoundedBodyReader
{
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>The body, or null when it is (or declares itself) longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellation)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            return null;

        // One byte of headroom past the limit tells "exactly the limit" from "more than the limit".
        var buffer = new byte[(int)Math.Min(declared + 1 ?? InitialBufferBytes, maxBytes + 1L)];
        var length = 0;
        var stream = await content.ReadAsStreamAsync(cancellation);
        await using (stream)
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                        return null;
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                    return buffer.AsMemory(0, length);
                length += read;
                if (length > maxBytes)
                    return null;
            }
        }
    }
}
