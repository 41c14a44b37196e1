using System.Text;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>One canned HTTP answer for <see cref="ScriptedServer"/>: status, headers, body, and how to misbehave.</summary>
internal sealed record ScriptedHttpResponse
{
    public int Status { get; init; } = 200;

    public string? ContentType { get; init; } = "application/graphql-response+json";

    public byte[] Body { get; init; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Wait this long before answering (ends early when the client hangs up).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Declare the full length but send only this many bytes, then drop the connection.</summary>
    public int? DropConnectionAfterBytes { get; init; }

    /// <summary>False sends the body chunked, without a Content-Length.</summary>
    public bool DeclareLength { get; init; } = true;

    public static ScriptedHttpResponse Json(string json, int status = 200) =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(json) };

    public static ScriptedHttpResponse Html(string html, int status) =>
        new() { Status = status, ContentType = "text/html; charset=utf-8", Body = Encoding.UTF8.GetBytes(html) };

    public static ScriptedHttpResponse Text(string text, int status = 200, string? contentType = "text/plain") =>
        new() { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(text) };

    public static ScriptedHttpResponse Data(string dataJson) => Json($$"""{"data":{{dataJson}}}""");

    public ScriptedHttpResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };
}
