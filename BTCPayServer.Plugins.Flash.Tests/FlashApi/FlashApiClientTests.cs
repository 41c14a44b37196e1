using System.Text.Json.Nodes;
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
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task myUpdates_reports_the_account_s_paid_invoices_on_an_authenticated_socket()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var token = await CredentialFlows.TokenAsync(mock, ["read", "write"]);
        using var http = new HttpClient();
        var api = new FlashApiClient(new GraphQLHttpTransport(http, mock.Server.GraphQLUri, _ => ValueTask.FromResult<AuthHeader?>(AuthHeader.Bearer(token))));
        await using var socket = new GraphQLWebSocketClient(mock.Server.WebSocketUri,
            _ => ValueTask.FromResult<JsonObject?>(new JsonObject { ["Authorization"] = "Bearer " + token }));
        var wallet = mock.Server.Demo.DefaultWalletId;
        await using var updates = api.SubscribeMyUpdatesAsync(socket).GetAsyncEnumerator();
        var next = updates.MoveNextAsync().AsTask();

        // myUpdates sends nothing to show it is running, so invoices are paid until one is reported. Each round waits
        // for that invoice's own status subscription to see it paid, so no round depends on timing.
        var paid = new List<string>();
        while (!next.IsCompleted)
        {
            Assert.True(paid.Count < 20, "myUpdates reported none of the paid invoices");
            var invoice = await api.CreateUsdInvoiceAsync(new LnUsdInvoiceCreateInput { WalletId = wallet, Amount = 25 });
            paid.Add(invoice.PaymentHash);
            using var round = new CancellationTokenSource();
            var status = api.SubscribeInvoicePaymentStatusAsync(socket, invoice.PaymentRequest, round.Token).GetAsyncEnumerator();
            try
            {
                Assert.True(await status.MoveNextAsync());
                await mock.Server.Services.Invoices.SettleAsync(invoice.PaymentHash, null, CancellationToken.None);
                var seenPaid = status.MoveNextAsync().AsTask();
                await Task.WhenAny(next, seenPaid).WaitAsync(Wait);
                await round.CancelAsync();
                // Ends the round's subscription; its cancellation is expected, not a failure.
                await seenPaid.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                await status.DisposeAsync();
            }
        }

        Assert.True(await next);
        Assert.Contains(updates.Current.PaymentHash, paid);
        Assert.Equal(InvoicePaymentStatus.Paid, updates.Current.Status);
        Assert.Equal(wallet, updates.Current.WalletId);
    }

    [Fact]
    public async Task myUpdates_on_an_anonymous_socket_is_refused_as_unauthorized()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);
        using var http = new HttpClient();
        var api = new FlashApiClient(new GraphQLHttpTransport(http, mock.Server.GraphQLUri));
        await using var socket = new GraphQLWebSocketClient(mock.Server.WebSocketUri);

        await Assert.ThrowsAsync<FlashUnauthorizedException>(async () =>
        {
            await foreach (var _ in api.SubscribeMyUpdatesAsync(socket))
            {
            }
        });
    }

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
