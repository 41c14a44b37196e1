using System.Net;
using Flash.DevHost.Store;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>Who may use the Flash page, and that no POST works without BTCPay's antiforgery token (plain HTTP, no browser).</summary>
public sealed class SettingsPageAccessTests : IAsyncLifetime
{
    private DevHostHarness? _devHost;
    private readonly CookieContainer _cookies = new();
    private HttpClient? _http;

    private DevHostHarness DevHost => _devHost!;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _devHost = await DevHostHarness.StartAsync();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = DevHost.Host.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_devHost is not null)
            await _devHost.DisposeAsync();
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_login_page()
    {
        using var response = await Http.GetAsync(DevHost.SettingsPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_of_one_store_cannot_open_another_store_Flash_page()
    {
        await SignInAsync();

        using var response = await Http.GetAsync(new Uri("/plugins/someone-elses-store/flash", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("connect")]
    [InlineData("test")]
    [InlineData("rotate")]
    [InlineData("disconnect")]
    [InlineData("tokens")]
    [InlineData("tokens/revoke")]
    public async Task Every_POST_without_the_antiforgery_token_is_refused(string action)
    {
        await SignInAsync();

        using var response = await Http.PostAsync(new Uri($"/plugins/{DemoStore.DemoId}/flash/{action}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Connect.Server"] = DevHost.Mock.GraphQLUri.ToString(),
            ["Connect.SessionToken"] = DevHost.SessionToken,
            ["Connect.TokenName"] = "Forged",
            ["SessionToken"] = DevHost.SessionToken,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
    }

    [Theory]
    [InlineData("rotate")]
    [InlineData("disconnect")]
    public async Task Acting_on_a_connection_that_is_gone_says_so_instead_of_failing(string action)
    {
        await SignInAsync();
        var page = await Http.GetStringAsync(DevHost.SettingsPath);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(antiforgery);

        using var response = await Http.PostAsync(new Uri($"/plugins/{DemoStore.DemoId}/flash/{action}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["SessionToken"] = DevHost.SessionToken,
            // A page loaded before the other window disconnected still posts the server it showed.
            ["Server"] = DevHost.Mock.GraphQLUri.ToString(),
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Flash is not connected for this store", body, StringComparison.Ordinal);
        Assert.DoesNotContain(DevHost.SessionToken, body, StringComparison.Ordinal);
    }

    private async Task SignInAsync()
    {
        using var response = await Http.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
