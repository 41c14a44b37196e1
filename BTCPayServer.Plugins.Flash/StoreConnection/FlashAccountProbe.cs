using System.Text.Json;
using System.Text.Json.Serialization;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Connectivity;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// "Test connection": one read query (<c>me</c>) made with the store's stored token, exactly as checkout will
/// authenticate, answering who the account is and which wallet receives payments.
/// </summary>
public sealed class FlashAccountProbe(FlashTransports transports, ApiTokenProtector protector)
{
    /// <exception cref="FlashReconnectRequiredException">The token cannot be decrypted or is not a Flash token.</exception>
    /// <exception cref="FlashApiException">Flash refused the token (<see cref="FlashUnauthorizedException"/>) or could not be reached.</exception>
    public async Task<FlashAccountSummary> ProbeAsync(FlashStoreConnection connection, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var endpoints = connection.ToEndpoints();
        var transport = transports.Http(endpoints.GraphQL, ApiTokenHeaderSource.ForProtectedToken(connection.ProtectedToken, protector, endpoints.Server).Source);
        var data = await transport.ExecuteAsync(FlashOperations.AccountProbe.Request(), OperationSafety.SafeToRepeat, cancellation);
        var me = Read(data, endpoints.Server).Me
            ?? throw new FlashProtocolException("Flash answered 'me' with null: the token has no account", endpoints.Server, httpStatus: null);
        var wallets = me.DefaultAccount.Wallets;
        var wallet = (connection.WalletId is { } id ? wallets.FirstOrDefault(w => w.Id == id) : null)
            ?? (connection.Currency is { } currency ? wallets.FirstOrDefault(w => string.Equals(w.WalletCurrency, currency.ToString(), StringComparison.Ordinal)) : null)
            ?? wallets.FirstOrDefault(w => w.Id == me.DefaultAccount.DefaultWalletId);
        return new FlashAccountSummary(me.Username, wallet?.Id, wallet?.WalletCurrency, wallets.Select(w => w.WalletCurrency).Distinct().ToList(),
            wallets.Select(w => w.Id).ToList());
    }

    private static ProbeData Read(JsonElement data, string server)
    {
        try
        {
            return data.Deserialize(ProbeJsonContext.Default.ProbeData)
                ?? throw new FlashProtocolException("Flash answered the account query with null data", server, httpStatus: null);
        }
        catch (JsonException e)
        {
            throw new FlashProtocolException($"Flash's answer to the account query has an unexpected shape (byte {e.BytePositionInLine})", server, httpStatus: null);
        }
    }
}

/// <summary>What "Test connection" shows: the account and the wallet that receives payments.</summary>
public sealed record FlashAccountSummary(string? Username, string? WalletId, string? WalletCurrency, IReadOnlyList<string> Currencies, IReadOnlyList<string> WalletIds)
{
    public string Describe() =>
        $"Signed in to Flash as {Username ?? "an account without a username"}; payments go to the {WalletCurrency ?? "(unknown)"} wallet" +
        (Currencies.Count > 1 ? $" (the account has {string.Join(", ", Currencies)} wallets)" : "");
}

internal sealed record ProbeData(ProbeUser? Me);

internal sealed record ProbeUser(string? Username, ProbeAccount DefaultAccount);

internal sealed record ProbeAccount(string DefaultWalletId, IReadOnlyList<ProbeWallet> Wallets);

internal sealed record ProbeWallet(string Id, string WalletCurrency);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ProbeData))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
