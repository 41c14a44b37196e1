using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flash.MockServer.Auth;
using Flash.MockServer.CashWallet;
using Flash.MockServer.Hosting;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// POST <c>/graphql</c> per the GraphQL-over-HTTP draft: JSON bodies only (415 otherwise), media type negotiated
/// from Accept (406 when neither GraphQL media type is acceptable), bounded bodies (413), 400 for malformed
/// requests and documents, and validation failures as 400 under graphql-response+json or 200 under application/json.
/// </summary>
internal sealed class GraphQLHttpEndpoint(MockServices services, OperationExecutor executor, HttpAuthenticator authenticator, GraphQLSerializer serializer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var cancellation = context.RequestAborted;

        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status405MethodNotAllowed, GraphQLResponses.Json, "Use POST");
            return;
        }
        var fault = services.Faults.TryTake(FaultKind.HttpStatus, FaultKind.HtmlBadGateway, FaultKind.TruncatedJson, FaultKind.Delay, FaultKind.DropAfterExecuting);
        if (await InjectFaultAsync(fault, response, cancellation))
            return;
        if (!IsJsonContentType(request.ContentType))
        {
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status415UnsupportedMediaType, GraphQLResponses.Json, "Content-Type must be application/json");
            return;
        }
        var mediaType = NegotiateMediaType(request.Headers.Accept.ToString());
        if (mediaType is null)
        {
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status406NotAcceptable, GraphQLResponses.Json,
                "Accept must allow application/graphql-response+json or application/json");
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status413PayloadTooLarge, mediaType, "The request body is too large");
            return;
        }
        if (!GraphQLRequestBody.TryParse(body, serializer, out var graphQLRequest, out var requestError))
        {
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status400BadRequest, mediaType, requestError!, "BAD_REQUEST");
            return;
        }

        var ip = context.Connection.RemoteIpAddress;
        var authentication = await authenticator.AuthenticateAsync(request, ip, cancellation);
        switch (authentication)
        {
            case HttpAuthentication.Refused refused:
                await GraphQLResponses.WriteRefusalAsync(response, refused, mediaType);
                return;
            case HttpAuthentication.Limited limited:
                await GraphQLResponses.WriteRateLimitedAsync(response, limited, mediaType);
                return;
        }
        var (caller, style) = (((HttpAuthentication.Authenticated)authentication).Caller, authentication.Style);

        var parsed = OperationExecutor.TryParse(graphQLRequest!.Query, graphQLRequest.OperationName, out var syntaxError);
        if (parsed is null)
        {
            await WriteResultAsync(response, new ExecutionResult { Errors = [syntaxError!] }, mediaType, StatusCodes.Status400BadRequest);
            return;
        }
        if (parsed.Type == OperationType.Subscription)
        {
            await GraphQLResponses.WriteErrorAsync(response, StatusCodes.Status400BadRequest, mediaType, "Subscriptions are served over the WebSocket endpoint", "BAD_REQUEST");
            return;
        }
        if (executor.FindDenial(parsed, caller) is { } denial)
        {
            if (caller is CredentialCaller credentialCaller)
                await services.Credentials.AuditDeniedScopeAsync(credentialCaller.Credential, ip, denial.Field, cancellation);
            await GraphQLResponses.WriteDenialAsync(response, denial, caller, style, mediaType);
            return;
        }

        var showsUsdt = ClientCapabilities.DeclaresUsdtCashWallet(request.Headers[ClientCapabilities.Header]);
        var result = await executor.ExecuteAsync(parsed, graphQLRequest.Variables, new MockRequestContext(caller, ip, RequestChannel.Http, showsUsdt), cancellation);
        if (fault?.Kind == FaultKind.DropAfterExecuting)
        {
            // What the operation did stays done; the client only sees its connection end.
            context.Abort();
            return;
        }
        var status = result.Executed || mediaType == GraphQLResponses.Json ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        await WriteResultAsync(response, result, mediaType, status);
    }

    /// <summary>Serialises to memory first, so the answer goes out with a Content-Length in one write, not chunked.</summary>
    private async Task WriteResultAsync(HttpResponse response, ExecutionResult result, string mediaType, int status)
    {
        using var buffer = new MemoryStream();
        if (FlashResolverError.AnyIn(result))
        {
            var serialised = JsonNode.Parse(serializer.Serialize(result))!.AsObject();
            FlashResolverError.Reshape(serialised, result, RequestChannel.Http);
            await using var writer = new Utf8JsonWriter(buffer);
            serialised.WriteTo(writer);
        }
        else
        {
            await serializer.WriteAsync(buffer, result, response.HttpContext.RequestAborted);
        }
        response.StatusCode = status;
        response.ContentType = mediaType + "; charset=utf-8";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }

    /// <summary>Answers in the fault's place when it replaces the answer (true); a delay only waits, a drop comes later.</summary>
    private static async Task<bool> InjectFaultAsync(Fault? fault, HttpResponse response, CancellationToken cancellation)
    {
        switch (fault?.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(TimeSpan.FromMilliseconds(fault.DelayMilliseconds), cancellation);
                return false;
            case FaultKind.HttpStatus:
                await GraphQLResponses.WriteErrorAsync(response, fault.Status, GraphQLResponses.Json, "Injected failure", "INTERNAL_SERVER_ERROR");
                return true;
            case FaultKind.HtmlBadGateway:
                response.StatusCode = StatusCodes.Status502BadGateway;
                response.ContentType = "text/html";
                await response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", cancellation);
                return true;
            case FaultKind.TruncatedJson:
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = GraphQLResponses.Json;
                await response.WriteAsync("{\"data\":{\"me\":{\"id\":\"", cancellation);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The body, or null when it exceeds the configured limit (whether or not Content-Length said so).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var limit = services.Options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
            return null;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit)
                    return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, GraphQLResponses.Json, StringComparison.OrdinalIgnoreCase)
        && (parsed.CharSet is null || string.Equals(parsed.CharSet.Trim('"'), "utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// graphql-response+json when the client accepts it (or anything), application/json for legacy clients
    /// (also when no Accept header is sent, as the spec recommends), null when neither is acceptable.
    /// </summary>
    internal static string? NegotiateMediaType(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
            return GraphQLResponses.Json;
        var ranges = accept.Split(',').Select(part => MediaTypeWithQualityHeaderValue.TryParse(part.Trim(), out var range) ? range : null).OfType<MediaTypeWithQualityHeaderValue>().ToList();
        double Quality(string mediaType) => ranges
            .Where(r => string.Equals(r.MediaType, mediaType, StringComparison.OrdinalIgnoreCase) || r.MediaType is "*/*" or "application/*")
            .Select(r => r.Quality ?? 1.0)
            .DefaultIfEmpty(0)
            .Max();
        var graphQL = Quality(GraphQLResponses.GraphQLResponseJson);
        var json = Quality(GraphQLResponses.Json);
        if (graphQL <= 0 && json <= 0)
            return null;
        return graphQL >= json ? GraphQLResponses.GraphQLResponseJson : GraphQLResponses.Json;
    }
}
