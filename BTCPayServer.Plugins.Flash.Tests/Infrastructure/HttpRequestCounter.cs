using System.Collections.Concurrent;
using System.Text.Json;
using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// Counts the HTTP requests the plugin sends through <c>IHttpClientFactory</c>, as a handler in the named client's
/// pipeline sees them on their way out: all of them, and, by GraphQL operation name, those that carry a credential
/// (<c>Authorization</c> or <c>X-API-KEY</c>), which are the ones a Flash key's rate limit counts.
/// </summary>
internal sealed class HttpRequestCounter
{
    private readonly ConcurrentQueue<string> _authenticated = new();
    private long _all;

    public long All => Interlocked.Read(ref _all);

    /// <summary>The operation name of each request that carried a credential, in the order they were sent.</summary>
    public IReadOnlyList<string> AuthenticatedOperations => [.. _authenticated];

    public void Reset()
    {
        Interlocked.Exchange(ref _all, 0);
        _authenticated.Clear();
    }

    public DelegatingHandler NewHandler() => new Handler(this);

    private sealed class Handler(HttpRequestCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._all);
            if (request.Headers.Contains(AuthHeader.AuthorizationHeaderName) || request.Headers.Contains(AuthHeader.ApiKeyHeaderName))
                counter._authenticated.Enqueue(await OperationNameAsync(request, cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }

        private static async Task<string> OperationNameAsync(HttpRequestMessage request, CancellationToken cancellation)
        {
            if (request.Content is null)
                return "(no body)";
            using var body = JsonDocument.Parse(await request.Content.ReadAsByteArrayAsync(cancellation));
            return body.RootElement.TryGetProperty("operationName", out var name) && name.GetString() is { } text ? text : "(anonymous operation)";
        }
    }
}
