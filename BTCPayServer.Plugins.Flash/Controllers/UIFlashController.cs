using BTCPayServer.Abstractions.Constants;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Models;
using BTCPayServer.Plugins.Flash.StoreConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
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
    FlashStoreConnectionRepository connections,
    FlashStoreConnector connector,
    ApiTokenProtector protector,
    FlashServerPolicy serverPolicy,
    IAuthorizationService authorization,
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

    /// <summary>
    /// Whatever the action, a settings store that failed (BTCPay's database not answering) is said on the page in
    /// plain words, on a page built without reading the settings again and offering no form until they work.
    /// </summary>
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (executed.Exception is not FlashSettingsUnavailableException unavailable || executed.ExceptionHandled)
            return;
        var storeId = RouteData.Values["storeId"] as string ?? "";
        var storeName = CurrentStore.NameOf(HttpContext) ?? storeId;
        var server = options.Value.DefaultServer.ToString();
        executed.Result = View(nameof(Settings), new FlashSettingsViewModel
        {
            StoreId = storeId,
            StoreName = storeName,
            Connect = new ConnectForm { Server = server, TokenName = DefaultTokenName(storeName) },
            TokensServer = server,
            Error = unavailable.Message,
            SettingsUnavailable = true,
        });
        executed.ExceptionHandled = true;
    }

    [HttpPost("connect")]
    public async Task<IActionResult> Connect(string storeId, [Bind(Prefix = "Connect")] ConnectForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        RefuseUnknownChoice("Connect." + nameof(ConnectForm.Lifetime), Enum.IsDefined(form.Lifetime), "Choose when the token expires: in 1 year, or never (until revoked)");
        RefuseUnknownChoice("Connect." + nameof(ConnectForm.ReceiveIn), Enum.IsDefined(form.ReceiveIn),
            "Choose which wallet receives: the account's default wallet, its dollar wallet or its BTC wallet");
        // Not a number, empty, or out of Flash's range: one sentence, whatever binding or the range rule said.
        RefuseUnknownChoice("Connect." + nameof(ConnectForm.RateLimitPerMinute), ApiTokenRequest.IsValidRateLimit(form.RateLimitPerMinute),
            ApiTokenRequest.RateLimitOutOfRange);
        ApiTokenRequest? request = null;
        try
        {
            // A name or a rate limit the form's own rules refused already has its message.
            if (IsValid("Connect." + nameof(ConnectForm.TokenName)) && IsValid("Connect." + nameof(ConnectForm.RateLimitPerMinute)))
            {
                request = new ApiTokenRequest(form.TokenName ?? "", form.Lifetime == TokenLifetime.Never ? null : TimeSpan.FromDays(365),
                    form.RateLimitPerMinute);
            }
        }
        catch (InvalidTokenNameException e)
        {
            ModelState.AddModelError("Connect." + nameof(ConnectForm.TokenName), e.Message);
        }
        catch (ArgumentException)
        {
            ModelState.AddModelError("Connect." + nameof(ConnectForm.TokenName), "A token name needs at least 3 letters or digits");
        }
        var (endpoints, refusal) = ModelState.IsValid ? await CheckServerAsync(form.Server, cancellation) : (null, null);
        if (refusal is not null)
            ModelState.AddModelError("Connect." + nameof(ConnectForm.Server), refusal);
        if (!ModelState.IsValid || endpoints is null || request is null)
        {
            var invalid = await PageAsync(storeId, form);
            // Connected stores show no connect form, so its errors must be said at the top of the page.
            if (invalid.Status is { NeedsReconnect: false })
                invalid.Error = "Flash was not reconnected: " + string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => Sentence(e.ErrorMessage)));
            return View(nameof(Settings), invalid);
        }

        try
        {
            var connected = await connector.ConnectAsync(storeId, endpoints, form.SessionToken!, request,
                form.ReceiveIn.ToCurrency(), CurrentStore.CheckoutOf(HttpContext), cancellation);
            return Done(storeId, "Flash is connected." + connected.ReplacedTokenRevoked switch
            {
                true => " The token it replaces was revoked on Flash.",
                false => " The token it replaces is still active on Flash (it belongs to another account or server, or Flash did not answer): revoke it below.",
                null => "",
            });
        }
        catch (ApiTokenProvisioningException e)
        {
            var page = await PageAsync(storeId, form);
            page.Error = e.Message;
            page.OfferTokenList = e.Failure is ProvisioningFailure.TokenLimitReached or ProvisioningFailure.CreateOutcomeUnknown;
            return View(nameof(Settings), page);
        }
        catch (FlashWalletCannotReceiveException e)
        {
            var page = await PageAsync(storeId, form);
            page.Error = e.Message;
            return View(nameof(Settings), page);
        }
    }

    [HttpPost("test")]
    public async Task<IActionResult> Test(string storeId, CancellationToken cancellation)
    {
        if (await connections.GetAsync(storeId) is not { } saved)
            return RedirectToAction(nameof(Settings), new { storeId });
        if ((await CheckServerAsync(saved.Server.ToString(), cancellation)).Refusal is { } refusal)
            return await PageWithErrorAsync(storeId, refusal);
        try
        {
            var connection = await connector.TestAsync(storeId, CurrentStore.CheckoutOf(HttpContext), cancellation);
            return connection.LastCheck is { Succeeded: true } check ? Done(storeId, check.Message) : RedirectToAction(nameof(Settings), new { storeId });
        }
        catch (FlashNotConnectedException e)
        {
            return await PageWithErrorAsync(storeId, e.Message);
        }
    }

    [HttpPost("rotate")]
    public Task<IActionResult> Rotate(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, async (session, _) =>
        {
            await connector.RotateAsync(storeId, session, cancellation);
            return Done(storeId, "The token was rotated: Flash revoked the old secret and the store uses the new one.");
        }, cancellation);

    [HttpPost("disconnect")]
    public async Task<IActionResult> Disconnect(string storeId, SessionForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await connections.GetAsync(storeId) is { TokenRejectedAt: not null })
        {
            try
            {
                await connector.DisconnectAsync(storeId, null, cancellation);
            }
            catch (FlashNotConnectedException e)
            {
                return await PageWithErrorAsync(storeId, e.Message);
            }
            return Done(storeId, "Flash is disconnected.");
        }
        return await WithSessionAsync(storeId, form, async (session, _) =>
        {
            await connector.DisconnectAsync(storeId, session, cancellation);
            return Done(storeId, "The token was revoked on Flash and Flash is disconnected.");
        }, cancellation);
    }

    [HttpPost("tokens")]
    public Task<IActionResult> Tokens(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, (session, endpoints) => ListAsync(storeId, endpoints, session, null, cancellation), cancellation);

    [HttpPost("tokens/revoke")]
    public Task<IActionResult> RevokeToken(string storeId, SessionForm form, CancellationToken cancellation) =>
        WithSessionAsync(storeId, form, async (session, endpoints) =>
        {
            if (!TryParseToken(form.Token, out var kind, out var id))
                return BadRequest();
            await connector.RevokeTokenAsync(storeId, endpoints, session, kind, id, cancellation);
            return await ListAsync(storeId, endpoints, session, "The token was revoked.", cancellation);
        }, cancellation);

    /// <summary>Revokes a token an earlier connection of the store left active, on the server it was made for.</summary>
    [HttpPost("replaced/revoke")]
    public async Task<IActionResult> RevokeReplaced(string storeId, SessionForm form, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(form);
        var replaced = (await connections.GetAsync(storeId))?.ReplacedTokens.Find(t => t.TokenId == form.Token);
        if (replaced is null)
            return RedirectToAction(nameof(Settings), new { storeId });
        return await WithSessionAsync(storeId, form, async (session, _) =>
        {
            await connector.RevokeReplacedAsync(storeId, replaced.TokenId, session, cancellation);
            return Done(storeId, $"The token \"{replaced.TokenName}\" was revoked on Flash at {replaced.Server.Authority}.");
        }, cancellation, replaced.ToEndpoints());
    }

    /// <summary>Gives the store's connection string a new key, for when the old string was seen by someone else.</summary>
    [HttpPost("replace-key")]
    public async Task<IActionResult> ReplaceKey(string storeId)
    {
        try
        {
            await connector.ReplaceReferenceKeyAsync(storeId);
        }
        catch (FlashNotConnectedException e)
        {
            var page = await PageAsync(storeId);
            page.Error = e.Message;
            return View(nameof(Settings), page);
        }
        return Done(storeId, "The connection string has a new key: paste it into the store's Lightning settings. The old one no longer works, in this store or any other.");
    }

    /// <summary>Stops listing a token an earlier connection left (the owner revokes it on Flash, or it is gone).</summary>
    [HttpPost("replaced/forget")]
    public async Task<IActionResult> ForgetReplaced(string storeId, SessionForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        try
        {
            await connector.ForgetReplacedAsync(storeId, form.Token ?? "");
        }
        catch (FlashNotConnectedException e)
        {
            var page = await PageAsync(storeId);
            page.Error = e.Message;
            return View(nameof(Settings), page);
        }
        return RedirectToAction(nameof(Settings), new { storeId });
    }

    /// <summary>
    /// Runs an action that needs the owner's session against the store's server (or <paramref name="server"/>), once
    /// the server passed the address rule; Flash's refusals come back as the page's error.
    /// </summary>
    private async Task<IActionResult> WithSessionAsync(
        string storeId, SessionForm form, Func<string, FlashEndpoints, Task<IActionResult>> action, CancellationToken cancellation, FlashEndpoints? server = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var page = await PageAsync(storeId);
        if (string.IsNullOrWhiteSpace(form.SessionToken))
        {
            page.Error = "Paste the session token of your Flash sign-in: Flash asks for it to manage tokens, and it is never stored.";
            return View(nameof(Settings), page);
        }
        // The store's own server when connected; otherwise the one the owner typed.
        server ??= (await connections.GetAsync(storeId))?.ToEndpoints();
        var (typed, refusal) = await CheckServerAsync(server?.GraphQL.ToString() ?? form.Server, cancellation);
        if (typed is null)
        {
            page.Error = refusal;
            return View(nameof(Settings), page);
        }
        try
        {
            return await action(form.SessionToken, server ?? typed);
        }
        catch (Exception e) when (e is ApiTokenProvisioningException or FlashNotConnectedException)
        {
            page.Error = e.Message;
        }
        return View(nameof(Settings), page);
    }

    private async Task<IActionResult> ListAsync(string storeId, FlashEndpoints endpoints, string session, string? success, CancellationToken cancellation)
    {
        var page = await PageAsync(storeId, tokensServer: endpoints.GraphQL.ToString());
        page.Tokens = await connector.ListTokensAsync(endpoints, session, cancellation);
        page.Success = success;
        return View(nameof(Settings), page);
    }

    private async Task<IActionResult> PageWithErrorAsync(string storeId, string error)
    {
        var page = await PageAsync(storeId);
        page.Error = error;
        return View(nameof(Settings), page);
    }

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
            Connect = form ?? new ConnectForm
            {
                Server = server,
                TokenName = DefaultTokenName(storeName),
                ReceiveIn = ReceiveInExtensions.FromCurrency(connection?.Currency),
                // A reconnect keeps the limit the store has, unless it has none of its own (Flash's default).
                RateLimitPerMinute = connection?.RateLimitPerMinute is { } limit && ApiTokenRequest.IsValidRateLimit(limit) ? limit : ApiTokenRequest.DefaultRateLimitPerMinute,
            },
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

    /// <summary>
    /// The endpoints of a server the owner named, once it passed BTCPay's address rule for this user (a local or
    /// private address only for those who may modify the server's settings); otherwise the sentence that says why not.
    /// </summary>
    private async Task<(FlashEndpoints? Endpoints, string? Refusal)> CheckServerAsync(string? text, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var server))
            return (null, "Enter the https address of Flash's GraphQL API, e.g. " + FlashConnectionString.MainnetServer);
        var mayReachLocalNetwork = (await authorization.AuthorizeAsync(User, FlashServerPolicy.CanModifyServerSettings)).Succeeded;
        var endpoints = FlashEndpoints.For(server);
        return await serverPolicy.RefusalAsync(endpoints, mayReachLocalNetwork, cancellation) is { } refusal ? (null, refusal) : (endpoints, null);
    }

    /// <summary>A select's value that binding refused, or that is no option at all, gets one sentence naming the options.</summary>
    private void RefuseUnknownChoice(string key, bool defined, string sentence)
    {
        if (ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 || !defined)
        {
            ModelState.Remove(key);
            ModelState.AddModelError(key, sentence);
        }
    }

    private bool IsValid(string key) =>
        ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid;

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static bool TryParseToken(string? value, out FlashApiTokenKind kind, out string id)
    {
        var parts = (value ?? "").Split(':', 2);
        id = parts.Length == 2 ? parts[1] : "";
        return Enum.TryParse(parts[0], out kind) && Enum.IsDefined(kind) && id.Length > 0;
    }
}
