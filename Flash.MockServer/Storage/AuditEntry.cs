namespace Flash.MockServer.Storage;

/// <summary>One audit event. Identifiers only: never a secret, a hash of one, or a request body.</summary>
internal sealed record AuditEntry(long Sequence, DateTimeOffset At, string Event, string? CredentialId, string? AccountId, string? Ip, string? Detail);
