using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.Lightning;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Diagnostics;

/// <summary>The instruments an operator watches, as a collector reads them while a store takes and loses payments.</summary>
public sealed class FlashMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_checkout_shows_as_requests_a_socket_a_watch_and_a_notification_and_no_tag_carries_a_secret()
    {
        using var metrics = new MetricsRecorder();
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        var server = mock.Server.GraphQLUri.Authority;
        var listener = await store.NewClient().Listen();
        var invoice = await store.NewClient().CreateInvoice(LightMoney.Satoshis(900), "metered", TimeSpan.FromMinutes(10));
        await store.Logs.WaitForAsync(r => r.EventId.Id == FlashLogEvents.SubscriptionStarted.Id, Wait);
        var watchingWhileOpen = metrics.Sum("flash.listener.watches", server);
        var socketsWhileOpen = metrics.Sum("flash.websocket.connections", server);

        await store.PayAsync(invoice.BOLT11);
        await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        listener.Dispose();
        await ((FlashInvoiceListener)listener).Stopped.WaitAsync(Wait);

        Assert.Equal((1, 1), (watchingWhileOpen, socketsWhileOpen));
        Assert.Equal((0, 0), (metrics.Sum("flash.listener.watches", server), metrics.Sum("flash.websocket.connections", server)));
        var requests = metrics.Of("flash.client.requests", server);
        // The account and price, the invoice (the default wallet is USD), and the status query confirming the PAID.
        Assert.Equal(["LnInvoicePaymentStatusQuery ok", "LnUsdInvoiceCreate ok", "MeAndPrice ok"],
            requests.Select(m => $"{m["flash.operation"]} {m["flash.outcome"]}").Order(StringComparer.Ordinal));
        var notified = Assert.Single(metrics.Of("flash.listener.notification.duration", server));
        Assert.Equal("Paid", notified["flash.invoice.status"]);
        Assert.InRange(notified.Value, 0, Wait.TotalMilliseconds);
        AssertNoSecretIn(metrics, store.Credential, mock.SessionToken, invoice.BOLT11, invoice.PaymentHash!);
    }

    [Fact]
    public async Task A_revoked_token_counts_as_a_token_rejection()
    {
        using var metrics = new MetricsRecorder();
        await using var mock = await MockServerHarness.StartAsync();
        using var store = await FlashStore.ConnectAsync(mock, TokenDialect.Seed, FlashWalletSelection.AccountDefault);
        await store.RevokeAsync();

        await Assert.ThrowsAsync<FlashUnauthorizedException>(() => store.NewClient().GetBalance());

        var server = mock.Server.GraphQLUri.Authority;
        Assert.Equal(1, metrics.Sum("flash.client.token_rejections", server));
        Assert.Contains(metrics.Of("flash.client.requests", server), m => m["flash.outcome"] == "unauthorized");
        AssertNoSecretIn(metrics, store.Credential, mock.SessionToken);
    }

    [Fact]
    public async Task A_rate_limited_answer_counts_as_a_rate_limit_hit()
    {
        using var metrics = new MetricsRecorder();
        await using var flash = await ScriptedServer.StartAsync();
        flash.Enqueue(ScriptedHttpResponse.Text("slow down", 429));
        var transport = new GraphQLHttpTransport(new HttpClient(), flash.HttpEndpoint,
            options: new GraphQLHttpTransportOptions { MaxTotalRetryDelay = TimeSpan.Zero });

        await Assert.ThrowsAsync<FlashRateLimitedException>(() => transport.ExecuteAsync(new GraphQLRequest("query Globals { globals { network } }", "Globals")));

        var hit = Assert.Single(metrics.Of("flash.client.rate_limited", flash.HttpEndpoint.Authority));
        Assert.Equal("Globals", hit["flash.operation"]);
    }

    private static void AssertNoSecretIn(MetricsRecorder metrics, params string[] secrets)
    {
        var tags = string.Join("\n", metrics.All.SelectMany(m => m.Tags.Values));
        foreach (var secret in secrets)
            Assert.DoesNotContain(secret, tags, StringComparison.OrdinalIgnoreCase);
    }
}
