using Flash.MockServer.Storage;

namespace Flash.MockServer.Auth;

/// <summary>Who is making a request: nobody, a signed-in user (Kratos session), or an API credential.</summary>
internal abstract record Caller
{
    public static readonly Caller Anonymous = new AnonymousCaller();

    public abstract string? AccountId { get; }
}

internal sealed record AnonymousCaller : Caller
{
    public override string? AccountId => null;
}

internal sealed record SessionCaller(string SessionAccountId) : Caller
{
    public override string? AccountId => SessionAccountId;
}

internal sealed record CredentialCaller(Credential Credential) : Caller
{
    public override string? AccountId => Credential.AccountId;
}
