using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Flash.MockServer.Auth;
using Microsoft.AspNetCore.Http;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// Responses the HTTP endpoint writes itself (request errors, refusals, rate limits). Messages are fixed
/// sentences: nothing from the request, and never a credential, is echoed back.
/// </summary>
internal static class GraphQLResponses
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    public static Task WriteErrorAsync(HttpResponse response, int status, string mediaType, string message, string? code = null, bool codeAtTopLevel = false)
    {
        response.StatusCode = status;
        return WriteJsonAsync(response, mediaType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("message", message);
            if (code is not null && codeAtTopLevel)
                writer.WriteString("code", code);
            if (code is not null)
            {
                writer.WriteStartObject("extensions");
                writer.WriteString("code", code);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static Task WriteRefusalAsync(HttpResponse response, HttpAuthentication.Refused refusal, string mediaType)
    {
        if (refusal.Style == ResponseStyle.Fip07)
        {
            // Flash's gateway: the same body for every failure, so nobody learns which keys exist.
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return WriteJsonAsync(response, Json, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", "invalid_api_key");
                writer.WriteEndObject();
            });
        }
        response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{refusal.Description}\"";
        return WriteErrorAsync(response, StatusCodes.Status401Unauthorized, mediaType, refusal.Description, "UNAUTHENTICATED");
    }

    public static Task WriteDenialAsync(HttpResponse response, AccessDenial denial, Caller caller, ResponseStyle style, string mediaType)
    {
        if (style == ResponseStyle.Seed && caller is AnonymousCaller)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"flash\"";
            return WriteErrorAsync(response, StatusCodes.Status401Unauthorized, mediaType, "Authentication required", "UNAUTHENTICATED");
        }
        if (style == ResponseStyle.Seed && caller is CredentialCaller)
        {
            var scope = denial.Access?.Kind == AccessKind.Scoped ? denial.Access.TokenScope : Scopes.Admin;
            response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{scope}\"";
            return WriteErrorAsync(response, StatusCodes.Status403Forbidden, mediaType, $"The token lacks the '{scope}' scope needed for {denial.Field}", "FORBIDDEN");
        }
        // Flash today (Apollo style): HTTP 200, the code at the top level of the error.
        return WriteErrorAsync(response, StatusCodes.Status200OK, mediaType, $"Not authorized to access {denial.Field}", "NOT_AUTHORIZED", codeAtTopLevel: true);
    }

    public static Task WriteRateLimitedAsync(HttpResponse response, HttpAuthentication.Limited limited, string mediaType)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(limited.RetryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit"] = limited.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = "0";
        if (limited.Style == ResponseStyle.Seed)
            return WriteErrorAsync(response, StatusCodes.Status429TooManyRequests, mediaType, "Rate limit exceeded", "TOO_MANY_REQUESTS");

        response.StatusCode = StatusCodes.Status200OK;
        return WriteJsonAsync(response, mediaType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNull("data");
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("message", "API key rate limit exceeded");
            writer.WriteStartObject("extensions");
            writer.WriteString("code", "TOO_MANY_REQUESTS");
            writer.WriteNumber("retryAfterSeconds", seconds);
            writer.WriteStartObject("rateLimit");
            writer.WriteNumber("limit", limited.Limit);
            writer.WriteNumber("remaining", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task WriteJsonAsync(HttpResponse response, string mediaType, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        response.ContentType = mediaType + "; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
