using Flash.MockServer.Storage;

namespace Flash.MockServer.Auth;

internal enum CredentialRejection
{
    Malformed,
    Unknown,
    Revoked,
    Expired,
    IpNotAllowed,
}

/// <summary>The outcome of presenting a credential.</summary>
internal abstract record CredentialVerification
{
    public sealed record Accepted(Credential Credential) : CredentialVerification;

    public sealed record Rejected(CredentialRejection Reason) : CredentialVerification;

    public sealed record RateLimited(Credential Credential, TimeSpan RetryAfter, int Limit) : CredentialVerification;
}
