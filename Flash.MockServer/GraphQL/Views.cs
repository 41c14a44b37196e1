namespace Flash.MockServer.GraphQL;

// What resolvers hand to GraphQL.NET: plain records whose property names match the schema's fields
// (GraphQL.NET resolves SDL fields by property name, ignoring case). Times are Unix seconds (Timestamp).

internal sealed record ApplicationError(string Message, string? Code = null, IReadOnlyList<string>? Path = null);

internal sealed record UserView(string Id, long CreatedAt, string Username, string AccountId);

internal sealed record AccountView(string Id, string DefaultWalletId, IReadOnlyList<WalletView> Wallets, string DisplayCurrency = "USD");

internal sealed record WalletView(string Id, string AccountId, string WalletCurrency, decimal Balance, bool IsExternal = false);

internal sealed record GlobalsView(string Network, IReadOnlyList<string> NodesIds, string LightningAddressDomain);

internal sealed record PriceView(long Base, int Offset, string CurrencyUnit);

internal sealed record RealtimePriceView(string Id, string DenominatorCurrency, long Timestamp, PriceView BtcSatPrice, PriceView UsdCentPrice);

internal sealed record LnInvoiceView(string PaymentHash, string PaymentRequest, string PaymentSecret, long? Satoshis);

internal sealed record InvoicePayload(LnInvoiceView? Invoice, IReadOnlyList<ApplicationError> Errors);

internal sealed record NoAmountInvoicePayload(LnInvoiceView? Invoice, IReadOnlyList<ApplicationError> Errors);

internal sealed record SatAmountPayload(long? Amount, IReadOnlyList<ApplicationError> Errors);

internal sealed record CentAmountPayload(decimal? Amount, decimal? InvoiceAmount, IReadOnlyList<ApplicationError> Errors);

internal sealed record CashWalletCutoverView(string State);

internal sealed record PaymentSendPayload(string? Status, IReadOnlyList<ApplicationError> Errors);

internal sealed record PaymentStatusPayload(string? Status, IReadOnlyList<ApplicationError> Errors);

internal sealed record LnUpdateView(string PaymentHash, string Status, string WalletId);

internal sealed record MyUpdatesPayload(LnUpdateView? Update, UserView? Me, IReadOnlyList<ApplicationError> Errors);

internal sealed record ApiKeyView(string Id, string KeyId, string Name, IReadOnlyList<string> Scopes, long CreatedAt, long? ExpiresAt, long? LastUsedAt, int? RateLimitPerMinute, string Status);

internal sealed record ApiKeyCreatedView(string Id, string KeyId, string Name, string ApiKey, IReadOnlyList<string> Scopes, long? ExpiresAt, int? RateLimitPerMinute, string Warning)
{
    public override string ToString() => $"API key {Id} '{Name}'";
}

internal sealed record ApiTokenView(string Id, string Name, IReadOnlyList<string> Scopes, long CreatedAt, long? ExpiresAt, long? LastUsedAt, string Status, int? RateLimitPerMinute, IReadOnlyList<string> AllowedIps, long RequestCount);

internal sealed record ApiTokenCreatedView(string Id, string Name, string Token, IReadOnlyList<string> Scopes, string? ExpiresAt, string Warning, int? RateLimitPerMinute, IReadOnlyList<string> AllowedIps)
{
    public override string ToString() => $"API token {Id} '{Name}'";
}

internal sealed record ApiKeyPayload(object? ApiKey, IReadOnlyList<ApplicationError> Errors);

internal sealed record ApiTokenPayload(object? ApiToken, IReadOnlyList<ApplicationError> Errors);
