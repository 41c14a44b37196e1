namespace BTCPayServer.Plugins.Flash.FlashApi.Models;

/// <summary>
/// A business error inside a mutation or query payload (<c>errors: [Error!]!</c>), as opposed to a GraphQL
/// request error. <see cref="Message"/> is the server's text and may quote request values.
/// </summary>
public sealed record PayloadError
{
    public string? Code { get; init; }

    public required string Message { get; init; }

    public IReadOnlyList<string?>? Path { get; init; }
}
