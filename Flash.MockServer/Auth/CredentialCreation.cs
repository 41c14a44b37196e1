using Flash.MockServer.Storage;

namespace Flash.MockServer.Auth;

/// <summary>A new credential with its plaintext, which exists only in this response; or why none was created.</summary>
internal sealed record CredentialCreation(Credential? Credential, string? Plaintext, string? ErrorCode, string? ErrorMessage)
{
    public const string Warning = "Store this token securely. It will not be shown again.";

    public static CredentialCreation Success(Credential credential, string plaintext) => new(credential, plaintext, null, null);

    public static CredentialCreation Failure(string code, string message) => new(null, null, code, message);

    public override string ToString() => Credential is null ? $"failed: {ErrorCode}" : $"created {Credential}";
}
