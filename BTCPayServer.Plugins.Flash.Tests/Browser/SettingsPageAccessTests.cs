using System.Net;
using Flash.DevHost.Store;

namespace BTCPayServer.Plugins.Flash.Tests.Browser;

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

    private async Task SignInAsync()
    {
        using var response = await Http.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
