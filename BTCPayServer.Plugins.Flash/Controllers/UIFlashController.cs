using BTCPayServer.Abstractions.Constants;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Models;
using BTCPayServer.Plugins.Flash.Settings;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Lightning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BTCPayServer.Plugins.Flash.Controllers;

/// <summary>
/// The store's Flash settings page: connect with a session token, see the connection, test, rotate, revoke and
/// disconnect, and manage the account's tokens. Every POST checks the antiforgery token; successes redirect
/// (post/redirect/get) with a message in TempData, failures render the page with the message in plain words.
/// </summary>
[Route("plugins/{storeId}/flash")]
[Authorize(AuthenticationSchemes = AuthenticationSchemes.Cookie, Policy = CanModifyStoreSettings)]
[AutoValidateAntiforgeryToken]
public sealed class UIFlashController(
    FlashStoreConnections connections,
    FlashStoreConnector connector,
    ApiTokenProtector protector,
    IOptions<FlashStoreSettingsOptions> options,
    TimeProvider time) : Controller
{
    /// <summary>
    /// BTCPayServer.Client's <c>Policies.CanModifyStoreSettings</c>, written out so the plugin references only
    /// BTCPay's two host assemblies (Abstractions and Lightning.Common).
    /// </summary>
    public const string CanModifyStoreSettings = "btcpay.store.canmodifystoresettings";

    private const string SuccessKey = "Flash.Success";

    [HttpGet("")]
    public async Task<IActionResult> Settings(string storeId) => View(await PageAsync(storeId));

    [HttpPost("connect")]
    public async Task<IActionResult> Connect(string storeId, [Bind(Prefix = "Connect")] ConnectForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        var endpoints = ParseServer(form.Server);
        ApiTokenRequest? request = null;
        if (endpoints is null)
            ModelState.AddModelError("Connect." + nameof(ConnectForm.Server), "Enter the https address of Flash's GraphQL API, e.g. " + FlashConnectionString.MainnetServer);
        try
        {
            request = new ApiTokenRequest(form.TokenName ?? "", form.Lifetime == TokenLifetime.Never ? null : TimeSpan.FromDays(365));
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError("Connect." + nameof(ConnectForm.TokenName), "A token name needs at least 3 letters or digits");
        }
        if (!ModelState.IsValid || endpoints is null || request is null)
            return View(nameof(Settings), await PageAsync(storeId, form));

        try
        {
            var connected = await connector.ConnectAsync(storeId, endpoints, form.SessionToken!, request, cancellation);
            return Done(storeId, "Flash is connected." + connected.ReplacedTokenRevoked switch
            {
                true => " The token it replaces was revoked on Flash.",
                false => " The token it replaces could not be revoked: revoke it in the list of tokens.",
                null => "",
            });
        }
        catch (ApiTokenProvisioningException e)
        {
            var page = await PageAsync(storeId, form);
            page.Error = e.Message;
            page.OfferTokenList = e.Failure == ProvisioningFailure.TokenLimitReached;
            return View(nameof(Settings), page);
        }
    }

    [HttpPost("test")]
    public async Task<IActionResult> Test(string storeId, CancellationToken cancellation)
    {
        if (await connections.GetAsync(storeId) is null)
            return RedirectToAction(nameof(Settings), new { storeId });
        var connection = await connector.TestAsync(storeId, cancellation);
        return connection.LastCheck is { Succeeded: true } check ? Done(storeId, check.Message) : RedirectToAction(nameof(Settings), new { storeId });
    }

    [HttpPost("rotate")]
    public Task<IActionResult> Rotate(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, async session =>
        {
            await connector.RotateAsync(storeId, session, cancellation);
            return Done(storeId, "The token was rotated: Flash revoked the old secret and the store uses the new one.");
        });

    [HttpPost("disconnect")]
    public async Task<IActionResult> Disconnect(string storeId, SessionForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await connections.GetAsync(storeId) is { TokenRejectedAt: not null })
        {
            await connector.DisconnectAsync(storeId, null, cancellation);
            return Done(storeId, "Flash is disconnected.");
        }
        return await WithSessionAsync(storeId, form, async session =>
        {
            await connector.DisconnectAsync(storeId, session, cancellation);
            return Done(storeId, "The token was revoked on Flash and Flash is disconnected.");
        });
    }

    [HttpPost("tokens")]
    public Task<IActionResult> Tokens(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, async session => await ListAsync(storeId, form, session, null, cancellation));

    [HttpPost("tokens/revoke")]
    public Task<IActionResult> RevokeToken(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, async session =>
        {
            if (!TryParseToken(form.Token, out var kind, out var id))
                return BadRequest();
            var endpoints = await TokensEndpointsAsync(storeId, form);
            await connector.RevokeTokenAsync(storeId, endpoints!, session, kind, id, cancellation);
            return await ListAsync(storeId, form, session, "The token was revoked.", cancellation);
        });

    /// <summary>Runs an action that needs the owner's session; Flash's refusals come back as the page's error.</summary>
    private async Task<IActionResult> WithSessionAsync(string storeId, SessionForm form, Func<string, Task<IActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(form);
        var page = await PageAsync(storeId);
        if (string.IsNullOrWhiteSpace(form.SessionToken))
            page.Error = "Paste the session token of your Flash sign-in: Flash asks for it to manage tokens, and it is never stored.";
        else if (await TokensEndpointsAsync(storeId, form) is null)
            page.Error = "Enter the https address of Flash's GraphQL API.";
        else
        {
            try
            {
                return await action(form.SessionToken);
            }
            catch (Exception e) when (e is ApiTokenProvisioningException or FlashNotConnectedException)
            {
                page.Error = e.Message;
            }
        }
        return View(nameof(Settings), page);
    }

    private async Task<IActionResult> ListAsync(string storeId, SessionForm form, string session, string? success, CancellationToken cancellation)
    {
        var endpoints = (await TokensEndpointsAsync(storeId, form))!;
        var page = await PageAsync(storeId, tokensServer: endpoints.GraphQL.ToString());
        page.Tokens = await connector.ListTokensAsync(endpoints, session, cancellation);
        page.Success = success;
        return View(nameof(Settings), page);
    }

    /// <summary>The store's own server when connected; otherwise the one the owner typed.</summary>
    private async Task<FlashEndpoints?> TokensEndpointsAsync(string storeId, SessionForm form) =>
        await connections.GetAsync(storeId) is { } connection ? connection.ToEndpoints() : ParseServer(form.Server);

    private IActionResult Done(string storeId, string message)
    {
        TempData[SuccessKey] = message;
        return RedirectToAction(nameof(Settings), new { storeId });
    }

    private async Task<FlashSettingsViewModel> PageAsync(string storeId, ConnectForm? form = null, string? tokensServer = null)
    {
        var storeName = CurrentStore.NameOf(HttpContext) ?? storeId;
        var connection = await connections.GetAsync(storeId);
        var status = connection is null ? null : FlashConnectionStatus.From(storeId, connection, protector, time.GetUtcNow());
        // The server the owner is working with: the connection's, else the one the token list was about, else the default.
        var server = connection?.Server.ToString() ?? tokensServer ?? options.Value.DefaultServer.ToString();
        if (form is not null)
            form.SessionToken = null;
        return new FlashSettingsViewModel
        {
            StoreId = storeId,
            StoreName = storeName,
            Status = status,
            Connect = form ?? new ConnectForm { Server = server, TokenName = DefaultTokenName(storeName) },
            TokensServer = tokensServer ?? form?.Server ?? server,
            Success = TempData[SuccessKey] as string,
        };
    }

    private static string DefaultTokenName(string storeName)
    {
        try
        {
            return ApiTokenRequest.DefaultNameFor(storeName);
        }
        catch (ArgumentException)
        {
            return "BTCPay Server";
        }
    }

    /// <summary>An absolute http(s) URL without user info; https unless the server is on this machine or a .onion.</summary>
    private static FlashEndpoints? ParseServer(string? text)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http") || server.UserInfo.Length > 0)
            return null;
        return LightningConnectionStringHelper.VerifySecureEndpoint(server, allowInsecure: false) || server.IsLoopback ? FlashEndpoints.For(server) : null;
    }

    private static bool TryParseToken(string? value, out FlashApiTokenKind kind, out string id)
    {
        var parts = (value ?? "").Split(':', 2);
        id = parts.Length == 2 ? parts[1] : "";
        return Enum.TryParse(parts[0], out kind) && Enum.IsDefined(kind) && id.Length > 0;
    }
}
