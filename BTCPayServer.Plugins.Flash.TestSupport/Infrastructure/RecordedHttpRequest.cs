using System.Text.Json;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>What <see cref="ScriptedServer"/> received in one HTTP request.</summary>
internal sealed record RecordedHttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
