using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// What the settings page does to a store's Flash connection: connect (session in, encrypted token stored), test,
/// rotate, revoke and disconnect, and manage the account's tokens. Sessions pass through and are never kept;
/// logs carry store ids, servers and token ids only.
/// </summary>
public sealed class FlashStoreConnector(
    ApiTokenProvisioner provisioner,
    ApiTokenAdministration administration,
    ApiTokenProtector protector,
    FlashAccountProbe probe,
    FlashCapabilityProbe capabilities,
    FlashStoreConnectionRepository connections,
    TimeProvider time,
    ILogger<FlashStoreConnector> logger)
{
    /// <summary>
    /// Creates an API token with the session, stores it encrypted, tests it, and revokes the token it replaces. The
    /// store keeps its reference key, so the lightning connection string BTCPay holds reaches the new connection at
    /// once. The replaced token is revoked on the server just connected, with the session just given (a session is
    /// never sent to another server): that works whenever it is the same account, whatever the server's address was
    /// called before. Otherwise the replaced token is kept in the list of tokens still active, for the owner to revoke.
    /// A wallet that the server cannot receive into (a BTC wallet on Flash today) is refused here, with the reason,
    /// rather than at the first checkout: the new token is revoked and the store keeps what it had.
    /// </summary>
    /// <param name="receiveIn">The wallet to receive in: BTC, a dollar wallet (USD or USDT), or null for the account's default.</param>
    /// <param name="checkout">The store's checkout settings, which the capability report compares Flash's limits with.</param>
    /// <exception cref="ApiTokenProvisioningException">Flash did not create a token; nothing was stored.</exception>
    /// <exception cref="FlashWalletCannotReceiveException">The chosen wallet cannot receive on this server; nothing was stored.</exception>
    /// <exception cref="FlashSettingsUnavailableException">BTCPay's settings store failed; nothing was stored.</exception>
    public Task<ConnectedStore> ConnectAsync(
        string storeId, FlashEndpoints endpoints, string sessionToken, ApiTokenRequest request,
        WalletCurrency? receiveIn = null, StoreCheckout? checkout = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return connections.ExclusiveAsync(storeId, async () =>
        {
            var previous = await connections.GetAsync(storeId);
            var left = previous is null ? await connections.GetReferenceAsync(storeId) : null;
            var provisioned = await provisioner.ProvisionAsync(endpoints, sessionToken, request, cancellation);
            // From here the new token exists on Flash: finish even if the owner's request is gone, so it is either
            // saved or revoked, never left active unlisted.
            var finishing = CancellationToken.None;
            var connection = new FlashStoreConnection
            {
                Server = endpoints.GraphQL,
                WebSocketServer = endpoints.WebSocket,
                Currency = receiveIn,
                ReferenceKey = previous?.ReferenceKey ?? (left is { ReferenceKey.Length: > 0 } ? left.ReferenceKey : FlashStoreConnection.NewReferenceKey()),
                ReplacedTokens = previous?.ReplacedTokens ?? left?.ReplacedTokens ?? [],
            };
            Apply(connection, provisioned);
            await CheckAsync(storeId, connection, checkout ?? StoreCheckout.BTCPayDefault, finishing);
            if (connection.Capabilities?.Find(FlashCapabilityKind.Receive) is { Verdict: FlashCapabilityVerdict.DoesNotWork } receive)
            {
                var revoked = await TryRevokeAsync(storeId, endpoints, provisioned.Kind, provisioned.Id, sessionToken, finishing);
                throw new FlashWalletCannotReceiveException(endpoints.Server, receive.Summary, receive.Advice, revoked ? null : provisioned.Name);
            }

            // The new connection is saved before the replaced token is revoked: a checkout in between uses either the
            // old token (still valid) or the new one, never a revoked one. Unsaved, the new token is revoked again, so
            // nothing is left active that the store does not list.
            try
            {
                await connections.SaveAsync(storeId, connection);
            }
            catch (FlashSettingsUnavailableException e)
            {
                var revoked = await TryRevokeAsync(storeId, endpoints, provisioned.Kind, provisioned.Id, sessionToken, finishing);
                throw FlashSettingsUnavailableException.ConnectionNotSaved(provisioned.Name, revoked, e);
            }
            logger.LogInformation("Store {StoreId} connected to Flash at {Server} with token {TokenId} ({Kind})",
                storeId, endpoints.Server, provisioned.Id, provisioned.Kind);

            // A token Flash already refused (revoked or expired) needs no revoking.
            bool? replacedRevoked = null;
            if (previous is { TokenRejectedAt: null })
            {
                replacedRevoked = await TryRevokeAsync(storeId, endpoints, previous.ProvisioningMethod, previous.TokenId, sessionToken, finishing);
                if (!replacedRevoked.Value)
                {
                    connection.ReplacedTokens = [.. connection.ReplacedTokens, ReplacedApiToken.Of(previous, time.GetUtcNow())];
                    await connections.SaveAsync(storeId, connection);
                }
            }
            return new ConnectedStore(connection, replacedRevoked);
        });
    }

    /// <summary>
    /// Runs the read query and the capability checks with the stored token, and records the outcome. The checks take
    /// a while and change nothing on Flash, so they run unlocked; their result is recorded only if the store still
    /// has the same token by then (a reconnect meanwhile wins).
    /// </summary>
    public async Task<FlashStoreConnection> TestAsync(string storeId, StoreCheckout? checkout = null, CancellationToken cancellation = default)
    {
        var tested = await RequireAsync(storeId);
        await CheckAsync(storeId, tested, checkout ?? StoreCheckout.BTCPayDefault, cancellation);
        await connections.UpdateAsync(storeId, current =>
        {
            if (current.TokenId != tested.TokenId || current.Server != tested.Server)
                return false;
            current.LastCheck = tested.LastCheck;
            current.Capabilities = tested.Capabilities;
            current.TokenRejectedAt = tested.TokenRejectedAt;
            return true;
        });
        return await RequireAsync(storeId);
    }

    /// <summary>
    /// A new secret for the store's token (Flash revokes the old one in the same step), stored encrypted at once,
    /// before anything else is asked: from Flash's answer on only the new secret works.
    /// </summary>
    /// <exception cref="ApiTokenProvisioningException">Flash refused; the stored token is unchanged.</exception>
    public Task<FlashStoreConnection> RotateAsync(string storeId, string sessionToken, CancellationToken cancellation = default) =>
        connections.ExclusiveAsync(storeId, async () =>
        {
            var connection = await RequireAsync(storeId);
            var rotated = await administration.RotateAsync(connection.ToEndpoints(), sessionToken, connection.ProvisioningMethod, connection.TokenId, cancellation);
            Apply(connection, rotated);
            await connections.SaveAsync(storeId, connection);
            logger.LogInformation("Store {StoreId} rotated its Flash token {TokenId}", storeId, rotated.Id);
            connection.LastCheck = (await CheckAccountAsync(storeId, connection, CancellationToken.None)).Check;
            await connections.SaveAsync(storeId, connection);
            return connection;
        });

    /// <summary>
    /// Revokes the store's token on Flash, then forgets the connection. A token Flash already refused needs no
    /// revoking, so no session is needed then.
    /// </summary>
    /// <exception cref="ApiTokenProvisioningException">Flash did not revoke the token; the connection is kept.</exception>
    public Task DisconnectAsync(string storeId, string? sessionToken, CancellationToken cancellation = default) =>
        connections.ExclusiveAsync(storeId, async () =>
        {
            var connection = await RequireAsync(storeId);
            if (connection.TokenRejectedAt is null)
            {
                try
                {
                    await administration.RevokeAsync(connection.ToEndpoints(), sessionToken ?? "", connection.ProvisioningMethod, connection.TokenId, cancellation);
                }
                catch (ApiTokenProvisioningException e) when (e.Failure == ProvisioningFailure.TokenNotFound)
                {
                    // Revoked already (on Flash, or in another window): nothing is left to revoke.
                    logger.LogInformation("Store {StoreId}'s Flash token {TokenId} was already gone when disconnecting", storeId, connection.TokenId);
                }
            }
            await connections.RemoveAsync(storeId);
            logger.LogInformation("Store {StoreId} disconnected from Flash; token {TokenId} revoked", storeId, connection.TokenId);
            return true;
        });

    /// <summary>
    /// The account's tokens in every dialect the server answers for (<c>flash_</c> tokens over the WebSocket, <c>fk_</c>
    /// keys over HTTP). A dialect the server does not speak is skipped; a refused session is reported.
    /// </summary>
    /// <exception cref="ApiTokenProvisioningException">No dialect answered; the message says why.</exception>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(FlashEndpoints endpoints, string sessionToken, CancellationToken cancellation = default)
    {
        var tokens = new List<ApiTokenInfo>();
        ApiTokenProvisioningException? failure = null;
        var answered = false;
        foreach (var dialect in ApiTokenDialects.All)
        {
            try
            {
                tokens.AddRange(await administration.ListAsync(endpoints, sessionToken, dialect.Kind, cancellation));
                answered = true;
            }
            catch (ApiTokenProvisioningException e) when (e.Failure != ProvisioningFailure.SessionRejected)
            {
                failure = Telling(failure, e);
            }
        }
        return answered
            ? tokens.OrderByDescending(t => t.IsActive).ThenByDescending(t => t.CreatedAt).ToList()
            : throw failure!;
    }

    /// <summary>
    /// Of the dialects' failures, the one that says most: real Flash refuses the WebSocket dialect outright
    /// (a plain refusal), so the HTTP dialect's reason (unreachable, too large) is the one the owner can act on.
    /// </summary>
    private static ApiTokenProvisioningException Telling(ApiTokenProvisioningException? kept, ApiTokenProvisioningException next) =>
        kept is null || kept.Failure == ProvisioningFailure.Refused ? next : kept;

    /// <summary>Revokes one of the account's tokens; when it is the store's own, the store is marked for reconnecting.</summary>
    public Task RevokeTokenAsync(string storeId, FlashEndpoints endpoints, string sessionToken, FlashApiTokenKind kind, string tokenId, CancellationToken cancellation = default) =>
        connections.ExclusiveAsync(storeId, async () =>
        {
            bool IsTheStores(FlashStoreConnection c) => c.TokenId == tokenId && c.ProvisioningMethod == kind && c.Server == endpoints.GraphQL;
            try
            {
                await administration.RevokeAsync(endpoints, sessionToken, kind, tokenId, cancellation);
            }
            catch (ApiTokenProvisioningException e) when (e.Failure == ProvisioningFailure.TokenNotFound)
            {
                // Gone already: if it was the store's own token, the store must reconnect all the same.
                if (await connections.GetAsync(storeId) is { TokenRejectedAt: null } own && IsTheStores(own))
                    await MarkRejectedAsync(storeId, own);
                throw;
            }
            logger.LogInformation("Store {StoreId} revoked Flash token {TokenId} at {Server}", storeId, tokenId, endpoints.Server);
            if (await connections.GetAsync(storeId) is not { } connection)
                return true;
            var forgotten = connection.ReplacedTokens.RemoveAll(t => t.TokenId == tokenId && t.ProvisioningMethod == kind) > 0;
            if (IsTheStores(connection) && connection.TokenRejectedAt is null)
                await MarkRejectedAsync(storeId, connection);
            else if (forgotten)
                await connections.SaveAsync(storeId, connection);
            return true;
        });

    /// <summary>
    /// Revokes a token an earlier connection left active (see <see cref="ReplacedApiToken"/>), on the server it was
    /// made for, with a session the owner gives for that server; then forgets it.
    /// </summary>
    /// <returns>The token revoked, or null when the store lists no such token (it was revoked in another window).</returns>
    /// <exception cref="ApiTokenProvisioningException">Flash did not revoke it; it stays listed.</exception>
    public Task<ReplacedApiToken?> RevokeReplacedAsync(string storeId, string tokenId, string sessionToken, CancellationToken cancellation = default) =>
        connections.ExclusiveAsync(storeId, async () =>
        {
            var connection = await RequireAsync(storeId);
            if (connection.ReplacedTokens.Find(t => t.TokenId == tokenId) is not { } replaced)
                return null;
            await administration.RevokeAsync(replaced.ToEndpoints(), sessionToken, replaced.ProvisioningMethod, replaced.TokenId, cancellation);
            connection.ReplacedTokens.Remove(replaced);
            await connections.SaveAsync(storeId, connection);
            logger.LogInformation("Store {StoreId} revoked Flash token {TokenId} left by an earlier connection at {Server}", storeId, tokenId, replaced.Server.Authority);
            return replaced;
        });

    /// <summary>
    /// A new reference key for the store's connection string: the string BTCPay holds stops working (for this store
    /// and any other it was pasted into) until the new one is pasted into the store's Lightning settings.
    /// </summary>
    public async Task<FlashStoreConnection> ReplaceReferenceKeyAsync(string storeId)
    {
        await RequireAsync(storeId);
        await connections.UpdateAsync(storeId, connection =>
        {
            connection.ReferenceKey = FlashStoreConnection.NewReferenceKey();
            return true;
        });
        logger.LogInformation("Store {StoreId} replaced the reference key of its Flash connection string", storeId);
        return await RequireAsync(storeId);
    }

    /// <summary>Stops listing a token an earlier connection left, which the owner revoked or will revoke on Flash itself.</summary>
    public async Task ForgetReplacedAsync(string storeId, string tokenId)
    {
        await RequireAsync(storeId);
        await connections.UpdateAsync(storeId, connection => connection.ReplacedTokens.RemoveAll(t => t.TokenId == tokenId) > 0);
    }

    private async Task MarkRejectedAsync(string storeId, FlashStoreConnection connection)
    {
        connection.TokenRejectedAt = time.GetUtcNow();
        await connections.SaveAsync(storeId, connection);
    }

    private async Task<FlashStoreConnection> RequireAsync(string storeId) =>
        await connections.GetAsync(storeId) ?? throw new FlashNotConnectedException();

    private void Apply(FlashStoreConnection connection, ProvisionedApiToken token) =>
        connection.UseToken(token, protector.Protect(token.Token), time.GetUtcNow());

    /// <summary>
    /// "Test connection": the account read with the stored token, then what works with the server (the capability
    /// report), both recorded on the connection. A refused token stops there: nothing else could be learnt with it.
    /// </summary>
    private async Task CheckAsync(string storeId, FlashStoreConnection connection, StoreCheckout checkout, CancellationToken cancellation)
    {
        var (check, account) = await CheckAccountAsync(storeId, connection, cancellation);
        connection.LastCheck = check;
        if (connection.TokenRejectedAt is null)
            connection.Capabilities = await capabilities.ProbeAsync(connection, account, checkout, check.Succeeded ? null : check.Message, cancellation);
    }

    private async Task<(FlashConnectionCheck Check, FlashAccountSummary? Account)> CheckAccountAsync(string storeId, FlashStoreConnection connection, CancellationToken cancellation)
    {
        var check = new FlashConnectionCheck { CheckedAt = time.GetUtcNow() };
        FlashAccountSummary? account = null;
        try
        {
            account = await probe.ProbeAsync(connection, cancellation);
            check.Message = account.Describe();
            check.Succeeded = true;
            connection.TokenRejectedAt = null;
        }
        catch (FlashApiException e) when (e is FlashUnauthorizedException or FlashReconnectRequiredException { Reason: ReconnectReason.TokenRejected })
        {
            check.Message = "Flash refused the API token: it was revoked or has expired. Reconnect Flash to keep receiving payments.";
            connection.TokenRejectedAt ??= check.CheckedAt;
        }
        catch (FlashReconnectRequiredException e)
        {
            check.Message = e.Message;
        }
        catch (Exception e) when (e is FlashApiException or FlashWalletNotFoundException)
        {
            // An account without the store's wallet fails the check (and says why) rather than the owner's request.
            check.Message = $"Flash could not be asked: {e.Message}";
        }
        logger.LogInformation("Flash connection check for store {StoreId} at {Server}: {Succeeded}", storeId, connection.Server.Authority, check.Succeeded);
        return (check, account);
    }

    private async Task<bool> TryRevokeAsync(string storeId, FlashEndpoints endpoints, FlashApiTokenKind kind, string tokenId, string sessionToken, CancellationToken cancellation)
    {
        try
        {
            await administration.RevokeAsync(endpoints, sessionToken, kind, tokenId, cancellation);
            logger.LogInformation("Store {StoreId} revoked its replaced Flash token {TokenId}", storeId, tokenId);
            return true;
        }
        catch (ApiTokenProvisioningException e)
        {
            logger.LogWarning("Store {StoreId} could not revoke its replaced Flash token {TokenId} at {Server}: {Failure}", storeId, tokenId, endpoints.Server, e.Failure);
            return false;
        }
    }
}

/// <summary>A new connection, and whether the token it replaced was revoked (null: it replaced none).</summary>
public sealed record ConnectedStore(FlashStoreConnection Connection, bool? ReplacedTokenRevoked);
