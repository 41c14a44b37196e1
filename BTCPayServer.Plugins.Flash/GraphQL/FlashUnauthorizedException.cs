namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// The server refused the credentials: HTTP 401/403 (Flash's gateway answers every API-key failure with
/// <c>{"error":"invalid_api_key"}</c>), a GraphQL <c>NOT_AUTHORIZED</c>/<c>UNAUTHENTICATED</c> error, or a
/// WebSocket closed with 4401/4403. Sending the same credentials again does not help.
/// </summary>
public sealed class FlashUnauthorizedException : FlashApiException
{
    public FlashUnauthorizedException(
        string server, int? httpStatus, string? reasonCode, int? webSocketCloseStatus = null, bool mayRetry = false, string? problem = null)
        : base(Summarise(problem ?? "The server refused the credentials", reasonCode), server, httpStatus, webSocketCloseStatus, mayRetry)
    {
        ReasonCode = DiagnosticCode.OrNull(reasonCode);
    }

    /// <summary>The server's short code for the refusal (<c>invalid_api_key</c>, <c>NOT_AUTHORIZED</c>), when it gave a plain one.</summary>
    public string? ReasonCode { get; }

    private static string Summarise(string problem, string? reasonCode) =>
        DiagnosticCode.OrNull(reasonCode) is { } code ? $"{problem} ({code})" : problem;
}
