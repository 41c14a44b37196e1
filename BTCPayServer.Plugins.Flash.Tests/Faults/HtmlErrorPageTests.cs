using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 6: a proxy in front of Flash answers 502 with its HTML error page instead of GraphQL JSON. The
/// plugin throws a typed error whose message says what happened without a word of the page, and nothing of it
/// reaches the merchant, the store owner or the log.
/// </summary>
public sealed class HtmlErrorPageTests : IAsyncLifetime
{
    private MockServerHarness _mock = null!;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    private string Server => _mock.Server.GraphQLUri.Authority;

    [Fact]
    public async Task A_proxy_s_HTML_502_fails_the_checkout_with_a_typed_error_and_a_sentence_without_the_page()
    {
        using var store = await FlashStore.ConnectAsync(_mock, TokenDialect.Fip07, FlashWalletSelection.AccountDefault);
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.HtmlBadGateway, Remaining: 1_000));

        var typed = await Assert.ThrowsAsync<FlashTransientException>(() => store.NewClient().CreateInvoice(LightMoney.Satoshis(1_000), "x", TimeSpan.FromMinutes(15)));
        var (_, merchantSees) = await BTCPayCheckout.CreateInvoiceAsync(store.NewClient(), LightMoney.Satoshis(1_000));

        Assert.Equal(502, typed.HttpStatus);
        Assert.DoesNotContain("<", typed.Message, StringComparison.Ordinal);
        Assert.Equal($"Impossible to create lightning invoice (Flash's server failed to handle the request: try again in a moment (server {Server}, HTTP 502))", merchantSees);
        AssertNothingOfThePage(typed.ToString(), store.Logs.AllText());
    }

    [Fact]
    public async Task A_proxy_s_HTML_502_while_connecting_saves_nothing_and_tells_the_owner_in_plain_words()
    {
        using var state = new TemporaryDirectory();
        await using var host = PluginHost.Start(Path.Combine(state.Path, "keys"), Path.Combine(state.Path, "settings"));
        _mock.Server.Services.Faults.Arm(new Fault(FaultKind.HtmlBadGateway, Remaining: 1_000));

        var failure = await Assert.ThrowsAsync<ApiTokenProvisioningException>(() => host.ConnectAsync(_mock.Server, "shop"));

        // A proxy's 502 does not say whether Flash behind it made the token: the owner is sent to the list.
        Assert.Equal(
            $"Flash ({Server}) did not confirm the API token, which it may have made all the same: list the account's tokens below, revoke \"BTCPay Server shop\" if it is there, then connect again.",
            failure.Message);
        Assert.Null(await host.Connections.GetAsync("shop"));
        AssertNothingOfThePage(failure.ToString(), host.Logs.All);
    }

    /// <summary>No piece of the mock's page: <c>&lt;html&gt;&lt;head&gt;&lt;title&gt;502 Bad Gateway&lt;/title&gt;...</c>.</summary>
    private static void AssertNothingOfThePage(params string[] texts)
    {
        foreach (var text in texts)
        {
            foreach (var piece in new[] { "<html", "<title", "<center", "<h1", "Bad Gateway" })
                Assert.DoesNotContain(piece, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
