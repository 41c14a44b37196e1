namespace Flash.MockServer.Auth;

/// <summary>What a caller asks for when creating a token or key (GraphQL input, validated by the service).</summary>
internal sealed record CredentialRequest(string Name, IReadOnlyList<string> Scopes, long? ExpiresInSeconds, int? RateLimitPerMinute, IReadOnlyList<string>? AllowedIps);
