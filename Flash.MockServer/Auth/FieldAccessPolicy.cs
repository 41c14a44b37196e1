using Flash.MockServer.Storage;
using static Flash.MockServer.Auth.Scopes;

namespace Flash.MockServer.Auth;

/// <summary>
/// Deny by default: every root field must be listed here, and a field that is not is refused. A few nested
/// fields add a requirement of their own (wallet data needs wallet scope even when reached through <c>me</c>).
/// </summary>
internal static class FieldAccessPolicy
{
    public static readonly IReadOnlyDictionary<string, FieldAccess> RootFields = new Dictionary<string, FieldAccess>(StringComparer.Ordinal)
    {
        ["Query.apiKeys"] = FieldAccess.SessionOnly,
        ["Query.apiTokens"] = FieldAccess.SessionOrAdminToken,
        // Flash serves the platform's cut-over state to anyone (queryFields.unauthed), API keys included.
        ["Query.cashWalletCutover"] = FieldAccess.Public,
        ["Query.globals"] = FieldAccess.Public,
        ["Query.lnInvoicePaymentStatus"] = FieldAccess.Public,
        ["Query.me"] = FieldAccess.Scoped(Read, ReadUser),
        ["Query.realtimePrice"] = FieldAccess.Public,
        ["Query.__typename"] = FieldAccess.Public,
        ["Query.__schema"] = FieldAccess.Public,
        ["Query.__type"] = FieldAccess.Public,
        ["Mutation.apiKeyCreate"] = FieldAccess.SessionOnly,
        ["Mutation.apiKeyRevoke"] = FieldAccess.SessionOnly,
        ["Mutation.apiKeyRotate"] = FieldAccess.SessionOnly,
        ["Mutation.apiTokenCreate"] = FieldAccess.SessionOrAdminToken,
        ["Mutation.apiTokenRevoke"] = FieldAccess.SessionOrAdminToken,
        ["Mutation.apiTokenRotate"] = FieldAccess.SessionOrAdminToken,
        ["Mutation.lnInvoiceCreate"] = FieldAccess.Scoped(Write, WriteWallet),
        ["Mutation.lnNoAmountInvoiceCreate"] = FieldAccess.Scoped(Write, WriteWallet),
        ["Mutation.lnUsdInvoiceCreate"] = FieldAccess.Scoped(Write, WriteWallet),
        // Galoy serves the on-behalf-of-recipient mutations without authentication (LNURL servers use them).
        ["Mutation.lnInvoiceCreateOnBehalfOfRecipient"] = FieldAccess.Public,
        ["Mutation.lnUsdInvoiceCreateOnBehalfOfRecipient"] = FieldAccess.Public,
        ["Mutation.lnInvoicePaymentSend"] = FieldAccess.Scoped(Write, WriteWallet),
        // Read-only probes: read:wallet in Flash's scope map (src/domain/api-keys/scope-map.ts).
        ["Mutation.lnInvoiceFeeProbe"] = FieldAccess.Scoped(Read, ReadWallet),
        ["Mutation.lnUsdInvoiceFeeProbe"] = FieldAccess.Scoped(Read, ReadWallet),
        ["Mutation.__typename"] = FieldAccess.Public,
        ["Subscription.lnInvoicePaymentStatus"] = FieldAccess.Public,
        ["Subscription.myUpdates"] = FieldAccess.Scoped(Read, ReadWallet),
        ["Subscription.__typename"] = FieldAccess.Public,
    };

    public static readonly IReadOnlyDictionary<string, FieldAccess> NestedFields = new Dictionary<string, FieldAccess>(StringComparer.Ordinal)
    {
        ["Account.wallets"] = FieldAccess.Scoped(Read, ReadWallet),
        ["ConsumerAccount.wallets"] = FieldAccess.Scoped(Read, ReadWallet),
        ["Wallet.balance"] = FieldAccess.Scoped(Read, ReadWallet),
        ["BTCWallet.balance"] = FieldAccess.Scoped(Read, ReadWallet),
        ["UsdWallet.balance"] = FieldAccess.Scoped(Read, ReadWallet),
        ["UsdtWallet.balance"] = FieldAccess.Scoped(Read, ReadWallet),
    };

    /// <summary>Whether <paramref name="caller"/> meets <paramref name="access"/>.</summary>
    public static bool Allows(FieldAccess access, Caller caller) => (access.Kind, caller) switch
    {
        (AccessKind.Public, _) => true,
        (_, SessionCaller) => true,
        (AccessKind.Scoped, CredentialCaller { Credential: { Kind: CredentialKind.Token } token }) => SeedGrants(token.Scopes, access.TokenScope!),
        (AccessKind.Scoped, CredentialCaller { Credential: { Kind: CredentialKind.ApiKey } key }) => ApiKeyGrants(key.Scopes, access.ApiKeyScope!),
        (AccessKind.SessionOrAdminToken, CredentialCaller { Credential: { Kind: CredentialKind.Token } token }) => SeedGrants(token.Scopes, Admin),
        _ => false,
    };
}
