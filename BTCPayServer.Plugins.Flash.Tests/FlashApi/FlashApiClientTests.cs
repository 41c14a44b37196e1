using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.FlashApi;

/// <summary>The typed client against the mock, for the operations the lightning client does not exercise.</summary>
public sealed class FlashApiClientTests
{
    [Fact]
    public async Task Globals_and_the_USD_price_need_no_credentials()
    {
        await using var mock = await MockServerHarness.StartAsync(configure: o => o.BtcUsdPrice = 50_000m);
        using var http = new HttpClient();
        var api = new FlashApiClient(new GraphQLHttpTransport(http, mock.Server.GraphQLUri));

        var globals = await api.GetGlobalsAsync();
        var price = await api.GetUsdPriceAsync();

        Assert.Equal("regtest", globals.Network);
        Assert.Equal([mock.Server.Services.Node.NodeId], globals.NodesIds);
        Assert.Equal("USD", price.DenominatorCurrency);
        Assert.Equal(0.05m, price.BtcSatPrice.Base / (decimal)Math.Pow(10, price.BtcSatPrice.Offset));
    }

    [Fact]
    public async Task Invoice_creation_does_not_wait_out_a_rate_limit_while_a_query_does()
    {
        await using var flash = await ScriptedServer.StartAsync();
        flash.Enqueue(
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "2"),
            ScriptedHttpResponse.Text("", 429).WithHeader("Retry-After", "2"),
            ScriptedHttpResponse.Data("""{"globals":{"network":"regtest","nodesIds":[],"lightningAddressDomain":"flash.mock"}}"""));
        using var http = new HttpClient();
        var time = new InstantTimeProvider();
        var api = new FlashApiClient(new GraphQLHttpTransport(http, flash.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { AttemptTimeout = Timeout.InfiniteTimeSpan }, timeProvider: time));

        var refused = await Assert.ThrowsAsync<FlashRateLimitedException>(() => api.CreateUsdInvoiceOnBehalfOfRecipientAsync(
            new LnUsdInvoiceCreateOnBehalfOfRecipientInput { RecipientWalletId = "w", Amount = 100, DescriptionHash = new string('a', 64) }));
        var requestsForTheInvoice = flash.Requests.Count;
        var globals = await api.GetGlobalsAsync();

        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        Assert.Equal(1, requestsForTheInvoice);
        Assert.Equal("regtest", globals.Network);
        Assert.Equal(3, flash.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], time.RequestedDelays);
    }

    [Fact]
    public async Task Asking_about_an_unknown_invoice_is_a_not_found_payload_error()
    {
        await using var mock = await MockServerHarness.StartAsync();
        using var http = new HttpClient();
        var api = new FlashApiClient(new GraphQLHttpTransport(http, mock.Server.GraphQLUri));

        var failure = await Assert.ThrowsAsync<FlashPayloadErrorException>(
            () => api.GetInvoicePaymentStatusAsync("lnbcrt1pjunknowninvoicexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));

        Assert.True(failure.IsNotFound);
        Assert.Equal("LnInvoicePaymentStatusQuery", failure.Operation);
    }
}
