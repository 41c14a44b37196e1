using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BTCPayServer.Lightning.Bolt11;
using Flash.MockServer.Control;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>
/// The dev host's LNURL-pay endpoint over real HTTP, as a LUD-06 wallet uses it. A wallet refuses an invoice for
/// another amount than it asked, so the endpoint offers whole satoshis only, refuses an amount between two with a
/// reason, and hands out invoices for exactly the amount asked, from a BTC wallet and from a USD wallet alike.
/// </summary>
public sealed class LnurlPayCallbackTests
{
    [Theory]
    [InlineData("BTC")]
    [InlineData("USD")]
    public async Task Whole_satoshis_get_an_invoice_for_exactly_that_amount_and_other_amounts_a_reason(string currency)
    {
        // $11,000 per bitcoin: a hundredth of a cent is most of a satoshi, so a USD invoice is exact only when its
        // cents are asked for exactly.
        await using var devHost = await DevHostHarness.StartAsync(o => o.BtcUsdPrice = 11_000m);
        using var http = new HttpClient { BaseAddress = devHost.Host.BaseUri };
        var account = await CreateAccountAsync(http, devHost, currency);
        await devHost.ConnectAsync(sessionToken: account.SessionToken);

        var payRequest = await http.GetFromJsonAsync<JsonElement>("/.well-known/lnurlp/demo");
        var callback = payRequest.GetProperty("callback").GetString()!;
        var metadata = payRequest.GetProperty("metadata").GetString()!;
        Assert.Equal(0, payRequest.GetProperty("minSendable").GetInt64() % 1000);
        Assert.Equal(0, payRequest.GetProperty("maxSendable").GetInt64() % 1000);

        using var refused = await http.GetAsync($"{callback}?amount=1500");
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("ERROR", error.GetProperty("status").GetString());
        Assert.Equal(
            "1500 millisatoshis is not a whole number of satoshis, and Flash invoices whole satoshis only: pay a multiple of 1000 millisatoshis",
            error.GetProperty("reason").GetString());
        Assert.False(error.TryGetProperty("pr", out _));
        Assert.DoesNotContain(devHost.Logs.Entries, e => e.Contains("Created Flash invoice", StringComparison.Ordinal));

        foreach (var msat in new long[] { 1_000, 2_000, 21_000 })
        {
            var answer = await http.GetFromJsonAsync<JsonElement>($"{callback}?amount={msat}");
            Assert.False(answer.TryGetProperty("reason", out var reason), $"The callback answered an error: {reason}");
            var paymentRequest = answer.GetProperty("pr").GetString()!;
            var invoice = Bolt11Invoice.Parse(paymentRequest, Network.RegTest);
            Assert.Equal(msat, invoice.AmountMilliSatoshi);
            Assert.True(invoice.MatchesDescription(metadata));
            var issued = await devHost.Mock.Services.Invoices.FindByRequestAsync(paymentRequest, CancellationToken.None);
            Assert.Equal(account.Wallets.Single(w => w.Currency == currency).Id, issued!.WalletId);
        }
        Assert.Contains(devHost.Logs.Entries, e => e.Contains("Created Flash invoice", StringComparison.Ordinal));
    }

    /// <summary>A mock account whose default wallet holds <paramref name="currency"/>, made through the mock's control API.</summary>
    private static async Task<AccountDescription> CreateAccountAsync(HttpClient http, DevHostHarness devHost, string currency)
    {
        using var response = await http.PostAsJsonAsync(new Uri(devHost.Mock.BaseUri, "_mock/accounts"), new { defaultWalletCurrency = currency });
        response.EnsureSuccessStatusCode();
        var account = await response.Content.ReadFromJsonAsync<AccountDescription>();
        Assert.Equal(account!.DefaultWalletId, account.Wallets.Single(w => w.Currency == currency).Id);
        return account;
    }
}
