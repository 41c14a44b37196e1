using System.Globalization;

namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>
/// Root of every failure talking to a Flash server. Messages name the server and the HTTP status or
/// WebSocket close code, and never carry a response body, a header value or a connection_init payload:
/// each of those can hold or echo a credential.
/// </summary>
public abstract class FlashApiException : Exception
{
    protected FlashApiException(
        string problem, string server, int? httpStatus, int? webSocketCloseStatus, bool mayRetry, Exception? innerException = null)
        : base(Describe(problem, server, httpStatus, webSocketCloseStatus), innerException)
    {
        Server = server;
        HttpStatus = httpStatus;
        WebSocketCloseStatus = webSocketCloseStatus;
        MayRetry = mayRetry;
    }

    /// <summary>Host and port of the server, without path, query or user info.</summary>
    public string Server { get; }

    public int? HttpStatus { get; }

    public int? WebSocketCloseStatus { get; }

    /// <summary>
    /// Whether repeating the same call later can succeed. The HTTP transport already retried what it safely could;
    /// this is the decision for the caller (for instance whether to reconnect a subscription).
    /// </summary>
    public bool MayRetry { get; }

    /// <summary>How a server is named in messages: the endpoint's authority (user info is never part of it).</summary>
    internal static string ServerOf(Uri endpoint) => endpoint.Authority;

    private static string Describe(string problem, string server, int? httpStatus, int? webSocketCloseStatus)
    {
        // No server yet (a store that names none and has no connection): nothing to add.
        if (server.Length == 0 && httpStatus is null && webSocketCloseStatus is null)
            return problem;
        var where = string.Create(CultureInfo.InvariantCulture, $"server {server}");
        if (httpStatus is { } status)
            where += string.Create(CultureInfo.InvariantCulture, $", HTTP {status}");
        if (webSocketCloseStatus is { } close)
            where += string.Create(CultureInfo.InvariantCulture, $", WebSocket close {close}");
        return $"{problem} ({where})";
    }
}
