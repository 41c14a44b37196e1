using System.Net;
using System.Text.Json;
using Flash.MockServer.CashWallet;
using Flash.MockServer.GraphQL;
using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Flash.MockServer.Control;

/// <summary>
/// <c>/_mock/</c>: what a test or a person at the keyboard needs that Flash's API does not offer: accounts and
/// sessions, balances, paying an invoice as if from the network, the BTC price, the USDT cut-over state, faults, the
/// audit log, IP allowlists, dropping WebSockets. Served only when enabled, and only to loopback clients.
/// </summary>
internal static class ControlApi
{
    public const string UnknownCashWallet = "'cashWallet' must be USD or USDT (in any case)";

    public const string CashWalletConflict =
        "A USDT cash wallet is the account's default wallet, as Flash shows it: with cashWallet USDT send defaultWalletCurrency USDT or leave it out, and send USDT only with it";

    public const string UnknownCutoverState = "'state' must be one of PRE, IN_PROGRESS, COMPLETE, ROLLED_BACK (in any case)";

    public static readonly string UnknownFaultKind = $"'kind' must be the name of a fault, one of {string.Join(", ", Enum.GetNames<FaultKind>())} (in any case)";

    public static void Map(IEndpointRouteBuilder app, MockServices services, WebSocketSessionRegistry sockets)
    {
        var control = app.MapGroup("/_mock").AddEndpointFilter(async (context, next) =>
            IsLoopback(context.HttpContext.Connection.RemoteIpAddress) ? await next(context) : Results.NotFound());

        control.MapPost("/accounts", async (CreateAccountRequest? body, CancellationToken ct) =>
        {
            var username = body?.Username ?? "user-" + Guid.NewGuid().ToString("N")[..8];
            if (await services.Accounts.FindByUsernameAsync(username, ct) is not null)
                return Results.Conflict(new { error = "username_taken" });
            var currency = Enum.TryParse<WalletCurrency>(body?.DefaultWalletCurrency ?? "USD", ignoreCase: true, out var c) ? c : WalletCurrency.USD;
            if (body?.CashWallet is { } cashWallet)
            {
                var usdt = string.Equals(cashWallet, "USDT", StringComparison.OrdinalIgnoreCase);
                if (!usdt && !string.Equals(cashWallet, "USD", StringComparison.OrdinalIgnoreCase))
                    return Results.BadRequest(new { error = UnknownCashWallet });
                if (usdt ? body.DefaultWalletCurrency is not null && currency != WalletCurrency.USDT : currency == WalletCurrency.USDT)
                    return Results.BadRequest(new { error = CashWalletConflict });
                if (usdt)
                    currency = WalletCurrency.USDT;
            }
            var account = await services.Accounts.CreateAsync(username, currency, ct);
            return Results.Ok(await DescribeAsync(services, account, await services.Accounts.CreateSessionAsync(account.Id, ct), ct));
        });
        control.MapPost("/accounts/{accountId}/sessions", async (string accountId, CancellationToken ct) =>
            await services.Accounts.GetAsync(accountId, ct) is null
                ? Results.NotFound()
                : Results.Ok(new { sessionToken = await services.Accounts.CreateSessionAsync(accountId, ct) }));
        control.MapPut("/wallets/{walletId}/balance", async (string walletId, BalanceRequest body, CancellationToken ct) =>
        {
            if (await services.Accounts.GetWalletAsync(walletId, ct) is null)
                return Results.NotFound();
            await services.Accounts.SetBalanceAsync(walletId, body.Balance, ct);
            return Results.NoContent();
        });
        control.MapPost("/invoices/pay", async (PayInvoiceRequest body, CancellationToken ct) =>
        {
            var hash = body.PaymentHash ?? (body.PaymentRequest is { } request ? (await services.Invoices.FindByRequestAsync(request, ct))?.PaymentHash : null);
            if (hash is null)
                return Results.NotFound(new { result = SettlementResult.NotFound.ToString() });
            var result = await services.Invoices.SettleAsync(hash, body.AmountMsat, ct);
            return result == SettlementResult.NotFound ? Results.NotFound(new { result = result.ToString() }) : Results.Ok(new { result = result.ToString() });
        });
        control.MapPut("/price", (PriceRequest body) =>
        {
            if (body.BtcUsd <= 0)
                return Results.BadRequest(new { error = "btcUsd must be positive" });
            services.Prices.BtcUsd = body.BtcUsd;
            return Results.NoContent();
        });
        control.MapPut("/cash-wallet-cutover", (CutoverRequest body) =>
        {
            if (CashWalletCutover.Parse(body.State) is not { } state)
                return Results.BadRequest(new { error = UnknownCutoverState });
            services.CashWallets.State = state;
            return Results.NoContent();
        });
        control.MapPost("/faults", (FaultRequest body) =>
        {
            if (FaultKindNamed(body.Kind) is not { } kind)
                return Results.BadRequest(new { error = UnknownFaultKind });
            services.Faults.Arm(new Fault(kind, Math.Max(1, body.Remaining ?? 1), body.Status ?? 503, body.DelayMilliseconds ?? 0));
            return Results.NoContent();
        });
        control.MapDelete("/faults", () =>
        {
            services.Faults.Clear();
            return Results.NoContent();
        });
        control.MapGet("/audit", async (string? accountId, string? credentialId, CancellationToken ct) =>
            Results.Ok(await services.Audit.ReadAsync(accountId, credentialId, ct)));
        control.MapPut("/credentials/{id}/allowed-ips", async (string id, AllowedIpsRequest body, CancellationToken ct) =>
            await services.Credentials.SetAllowedIpsAsync(id, body.AllowedIps, ct) ? Results.NoContent() : Results.BadRequest(new { error = "unknown credential or invalid range" }));
        control.MapPost("/websockets/drop", () => Results.Ok(new { dropped = sockets.AbortAll() }));
    }

    public static async Task<AccountDescription> DescribeAsync(MockServices services, Account account, string sessionToken, CancellationToken cancellation)
    {
        var wallets = await services.Accounts.GetWalletsAsync(account.Id, cancellation);
        return new AccountDescription(account.Id, account.Username, sessionToken, account.DefaultWalletId,
            wallets.Select(w => new WalletDescription(w.Id, w.Currency.ToString())).ToList());
    }

    /// <summary>
    /// A fault kind by name, in any case. Numbers are refused: they would tie scripts to the enum's order, and the
    /// names are what the README documents. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> is avoided
    /// because it also accepts numbers and comma-separated lists.
    /// </summary>
    private static FaultKind? FaultKindNamed(JsonElement kind) =>
        kind.ValueKind == JsonValueKind.String && JsonStrings.AreWellFormed(kind)
        && Enum.GetNames<FaultKind>().FirstOrDefault(n => string.Equals(n, kind.GetString(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<FaultKind>(name)
            : null;

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

/// <summary><c>cashWallet</c> USDT: a cut-over account, whose legacy USD wallet's money moved to a USDT wallet.</summary>
internal sealed record CreateAccountRequest(string? Username, string? DefaultWalletCurrency, string? CashWallet);

internal sealed record CutoverRequest(string? State);

internal sealed record BalanceRequest(decimal Balance);

internal sealed record PayInvoiceRequest(string? PaymentRequest, string? PaymentHash, long? AmountMsat);

internal sealed record PriceRequest(decimal BtcUsd);

/// <summary><c>kind</c> stays raw JSON so that a number or an unknown name gets a sentence, not a binding failure.</summary>
internal sealed record FaultRequest(JsonElement Kind, int? Remaining, int? Status, int? DelayMilliseconds);

internal sealed record AllowedIpsRequest(IReadOnlyList<string> AllowedIps);

/// <summary>A mock account as the control API reports it; the session token is shown because a tester needs it.</summary>
public sealed record AccountDescription(string AccountId, string Username, string SessionToken, string DefaultWalletId, IReadOnlyList<WalletDescription> Wallets)
{
    public override string ToString() => $"account {AccountId} ({Username})";
}

public sealed record WalletDescription(string Id, string Currency);
