using System.Net;
using System.Text.RegularExpressions;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.DevHost;
using Flash.DevHost.Store;
using Microsoft.Extensions.DependencyInjection;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 9: BTCPay's settings store fails (its database does not answer) under the plugin. The settings
/// page and the checkout say so in one plain sentence without a word of the database's error, nothing is left half
/// saved (a token made for a connection that could not be saved is revoked again), and all works once it answers.
/// The settings page is driven over plain HTTP on the dev host, with BTCPay's antiforgery token.
/// </summary>
public sealed partial class SettingsStoreFailureTests : IAsyncLifetime
{
    private readonly CookieContainer _cookies = new();
    private FailingSettingsRepository _settings = null!;
    private DevHostHarness _devHost = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _devHost = await DevHostHarness.StartAsync(wrapSettings: inner => _settings = new FailingSettingsRepository(inner));
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _devHost.Host.BaseUri };
        using var signIn = await _http.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _devHost.DisposeAsync();
    }

    [Fact]
    public async Task While_the_settings_cannot_be_read_the_page_and_the_checkout_say_so_plainly_and_both_work_once_they_can()
    {
        await _devHost.ConnectAsync();
        var connectionString = FlashStoreConnectionRepository.LightningConnectionStringFor(DemoStore.DemoId, await _devHost.StoredConnectionAsync());
        var secrets = await _devHost.SecretsAsync();

        _settings.FailReads = true;
        var page = await _http.GetStringAsync(_devHost.SettingsPath);
        var (_, merchantSees) = await BTCPayCheckout.CreateInvoiceAsync(Client(connectionString), LightMoney.Satoshis(1_000));
        _settings.FailReads = false;
        var pageAfter = await _http.GetStringAsync(_devHost.SettingsPath);
        var (invoice, error) = await BTCPayCheckout.CreateInvoiceAsync(Client(connectionString), LightMoney.Satoshis(1_000));

        Assert.Equal(FlashSettingsUnavailableException.ReadFailed, ErrorOf(page));
        Assert.Equal(
            "BTCPay Server could not read the store's Flash connection from its settings: try again in a moment, and check BTCPay Server's database if it keeps failing.",
            FlashSettingsUnavailableException.ReadFailed);
        Assert.Equal($"Impossible to create lightning invoice ({FlashSettingsUnavailableException.ReadFailed})", merchantSees);
        // No form that would read or write the settings while they fail.
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.Contains("id=\"FlashConnected\"", pageAfter, StringComparison.Ordinal);
        Assert.Null(error);
        Assert.Equal(LightMoney.Satoshis(1_000), invoice!.Amount);
        AssertNoneOf([.. secrets, FailingSettingsRepository.DatabasePassword], page, merchantSees!, _devHost.Logs.All);
    }

    [Fact]
    public async Task A_connect_whose_save_fails_saves_nothing_and_revokes_the_token_it_made()
    {
        var antiforgery = AntiforgeryToken().Match(await _http.GetStringAsync(_devHost.SettingsPath)).Groups[1].Value;

        _settings.FailWrites = true;
        using var response = await _http.PostAsync(new Uri($"/plugins/{DemoStore.DemoId}/flash/connect", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Connect.Server"] = _devHost.Mock.GraphQLUri.ToString(),
            ["Connect.SessionToken"] = _devHost.SessionToken,
            ["Connect.TokenName"] = "Demo Store",
        }));
        var page = await response.Content.ReadAsStringAsync();
        _settings.FailWrites = false;
        var tokens = await _devHost.Host.Services.GetRequiredService<FlashStoreConnector>()
            .ListTokensAsync(FlashEndpoints.For(_devHost.Mock.GraphQLUri), _devHost.SessionToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "BTCPay Server could not save the new Flash connection in its settings, so Flash was not connected and the API token made for it was revoked again. Try again in a moment, and check BTCPay Server's database if it keeps failing.",
            ErrorOf(page));
        Assert.Null(await _devHost.Connections.GetAsync(DemoStore.DemoId));
        var made = Assert.Single(tokens);
        Assert.Equal(("Demo Store", false), (made.Name, made.IsActive));
        AssertNoneOf([_devHost.SessionToken, FailingSettingsRepository.DatabasePassword], page, _devHost.Logs.All);
    }

    private ILightningClient Client(string connectionString) =>
        _devHost.Host.Services.GetRequiredService<ILightningConnectionStringHandler>().Create(connectionString, Network.RegTest, out _);

    private static string ErrorOf(string page) => WebUtility.HtmlDecode(FlashError().Match(page).Groups[1].Value);

    private static void AssertNoneOf(IEnumerable<string> secrets, params string[] texts)
    {
        foreach (var secret in secrets)
        {
            foreach (var text in texts)
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("""<div id="FlashError" class="alert alert-danger" role="alert">([^<]*)</div>""")]
    private static partial Regex FlashError();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
