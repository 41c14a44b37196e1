using System.Net;
using System.Text.RegularExpressions;
using Flash.DevHost.Store;
using Flash.MockServer.Storage;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>
/// The connect form's rate limit (plain HTTP against the dev host, no browser): what it offers, what it refuses in
/// plain words without asking Flash, and that the key Flash makes has the limit chosen.
/// </summary>
public sealed partial class ConnectFormRateLimitTests : IAsyncLifetime
{
    private const string OutOfRange =
        "Enter a rate limit between 1 and 10,000 requests a minute, the range Flash accepts (1,000 suits a busy store).";

    private DevHostHarness? _devHost;
    private readonly CookieContainer _cookies = new();
    private HttpClient? _http;

    private DevHostHarness DevHost => _devHost!;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _devHost = await DevHostHarness.StartAsync();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = DevHost.Host.BaseUri };
        using var signIn = await Http.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_devHost is not null)
            await _devHost.DisposeAsync();
    }

    [Fact]
    public async Task The_form_offers_1000_requests_a_minute_within_Flash_s_range()
    {
        var page = await Http.GetStringAsync(DevHost.SettingsPath);

        var input = RateLimitInput().Match(page);
        Assert.True(input.Success, "The connect form has no rate limit field");
        Assert.Contains("type=\"number\"", input.Value, StringComparison.Ordinal);
        Assert.Contains("value=\"1000\"", input.Value, StringComparison.Ordinal);
        Assert.Contains("min=\"1\"", input.Value, StringComparison.Ordinal);
        Assert.Contains("max=\"10000\"", input.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("10001")]
    [InlineData("99999999999")]
    [InlineData("a lot")]
    [InlineData("")]
    public async Task A_rate_limit_outside_1_to_10000_is_a_form_error_in_plain_words_and_Flash_is_not_asked(string typed)
    {
        using var response = await PostConnectAsync(typed);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OutOfRange, FieldError().Match(page).Groups["message"].Value);
        Assert.Null(await DevHost.Connections.GetAsync(DemoStore.DemoId));
        Assert.Empty(await CredentialsAsync());
        Assert.DoesNotContain(DevHost.SessionToken, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_Flash_makes_has_the_limit_chosen_and_the_page_says_so()
    {
        using var response = await PostConnectAsync("2500");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(2_500, Assert.Single(await CredentialsAsync()).RateLimitPerMinute);
        Assert.Equal(2_500, (await DevHost.StoredConnectionAsync()).RateLimitPerMinute);
        var page = await Http.GetStringAsync(DevHost.SettingsPath);
        Assert.Contains("<dd class=\"col-sm-9\" id=\"FlashRateLimit\">2,500 requests a minute</dd>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reconnect_form_offers_the_limit_the_store_has()
    {
        using var response = await PostConnectAsync("2500");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // As after Flash refused the token at a checkout: the page asks for a reconnect.
        await DevHost.Connections.UpdateAsync(DemoStore.DemoId, connection =>
        {
            connection.TokenRejectedAt = DateTimeOffset.UtcNow;
            return true;
        });

        var page = await Http.GetStringAsync(DevHost.SettingsPath);

        Assert.Contains("value=\"2500\"", RateLimitInput().Match(page).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_the_field_asks_Flash_for_1000()
    {
        using var response = await PostConnectAsync(rateLimit: null);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(1_000, Assert.Single(await CredentialsAsync()).RateLimitPerMinute);
    }

    private async Task<HttpResponseMessage> PostConnectAsync(string? rateLimit)
    {
        var page = await Http.GetStringAsync(DevHost.SettingsPath);
        var antiforgery = Antiforgery().Match(page).Groups[1].Value;
        Assert.NotEmpty(antiforgery);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Connect.Server"] = DevHost.Mock.GraphQLUri.ToString(),
            ["Connect.SessionToken"] = DevHost.SessionToken,
            ["Connect.TokenName"] = "BTCPay Server Demo Store",
            ["Connect.Lifetime"] = "OneYear",
        };
        if (rateLimit is not null)
            form["Connect.RateLimitPerMinute"] = rateLimit;
        return await Http.PostAsync(new Uri($"/plugins/{DemoStore.DemoId}/flash/connect", UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>Every token and key of the demo account on the dev host's mock, whatever its dialect.</summary>
    private async Task<IReadOnlyList<Credential>> CredentialsAsync()
    {
        var all = new List<Credential>();
        foreach (var kind in new[] { CredentialKind.Token, CredentialKind.ApiKey })
            all.AddRange(await DevHost.Mock.Services.Credentials.ListAsync(DevHost.Mock.Demo.AccountId, kind, CancellationToken.None));
        return all;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<input[^>]*name=\"Connect.RateLimitPerMinute\"[^>]*>")]
    private static partial Regex RateLimitInput();

    [GeneratedRegex("<span[^>]*data-valmsg-for=\"Connect.RateLimitPerMinute\"[^>]*>(?<message>[^<]*)</span>")]
    private static partial Regex FieldError();
}
