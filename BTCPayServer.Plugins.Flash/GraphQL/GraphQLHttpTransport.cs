using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BTCPayServer.Plugins.Flash.GraphQL;

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
