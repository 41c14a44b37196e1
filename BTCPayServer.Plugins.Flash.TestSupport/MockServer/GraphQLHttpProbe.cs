using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>A GraphQL response as raw as the tests need it: status, headers, body text and parsed JSON.</summary>
internal sealed record ProbeResponse(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Body)
{
    public string? ContentType => ContentHeaders.ContentType?.ToString();

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null");

    public JsonNode? Data => Json["data"];

    public JsonArray? Errors => Json["errors"] as JsonArray;

    public string? FirstErrorCode => Errors?[0]?["code"]?.GetValue<string>() ?? Errors?[0]?["extensions"]?["code"]?.GetValue<string>();

    public string? FirstErrorMessage => Errors?[0]?["message"]?.GetValue<string>();
}

/// <summary>
/// Sends hand-made GraphQL-over-HTTP requests to the mock over real loopback HTTP, with full control of
/// headers and bytes, so tests can check the server's answers to good and bad input alike.
/// </summary>
internal sealed class GraphQLHttpProbe(Uri endpoint) : IDisposable
{
    public const string DefaultAccept = "application/graphql-response+json, application/json;q=0.9";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<ProbeResponse> QueryAsync(string query, object? variables = null, Action<HttpRequestHeaders>? headers = null) =>
        SendAsync(JsonSerializer.Serialize(new { query, variables }), headers: headers);

    public Task<ProbeResponse> WithBearerAsync(string token, string query, object? variables = null) =>
        QueryAsync(query, variables, h => h.Authorization = new AuthenticationHeaderValue("Bearer", token));

    public Task<ProbeResponse> WithApiKeyAsync(string key, string query, object? variables = null) =>
        QueryAsync(query, variables, h => h.Add("X-API-KEY", key));

    public Task<ProbeResponse> SendAsync(string body, string? contentType = "application/json", string? accept = DefaultAccept,
        Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null) =>
        SendBytesAsync(Encoding.UTF8.GetBytes(body), contentType, accept, headers, method);

    /// <summary>Sends exactly these bytes as the body, valid UTF-8 or not.</summary>
    public async Task<ProbeResponse> SendBytesAsync(byte[] body, string? contentType = "application/json", string? accept = DefaultAccept,
        Action<HttpRequestHeaders>? headers = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, endpoint);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        headers?.Invoke(request.Headers);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ProbeResponse(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public void Dispose() => _http.Dispose();
}
