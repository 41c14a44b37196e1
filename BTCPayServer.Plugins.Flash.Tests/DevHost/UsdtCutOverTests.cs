using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Lightning;
using Flash.DevHost.Store;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>
/// An account Flash has moved from a USD to a USDT cash wallet, under the flash-today profile: the plugin declares
/// <c>cash-wallet-usdt-v1</c>, so Flash shows it the USDT wallet as such; dollar invoices land there and fractional
/// cents count; a saved wallet id that is gone falls back to the dollar wallet, saying so in the log and on the page.
/// </summary>
public sealed class UsdtCutOverTests : IAsyncLifetime
{
    private DevHostHarness _devHost = null!;

    public async Task InitializeAsync() => _devHost = await DevHostHarness.StartAsync(o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));

    public async Task DisposeAsync() => await _devHost.DisposeAsync();

    [Fact]
    public async Task A_cut_over_account_receives_in_its_USDT_wallet_and_the_check_says_so()
    {
        var account = await _devHost.Mock.CreateAccountAsync(defaultWalletCurrency: "USDT");
        var usdt = account.Wallets.Single(w => w.Currency == "USDT").Id;

        var connected = await _devHost.Connector.ConnectAsync(DemoStore.DemoId, FlashEndpoints.For(_devHost.Mock.GraphQLUri), account.SessionToken,
            new global::BTCPayServer.Plugins.Flash.Auth.ApiTokenRequest("BTCPay Server Demo Store", null), WalletCurrency.USD);
        var client = await _devHost.Host.Services.GetRequiredService<DemoStoreLightning>().CreateClientAsync();
        var invoice = await client.CreateInvoice(LightMoney.Satoshis(1_234), "USDT checkout", TimeSpan.FromMinutes(10));
        var record = await _devHost.Mock.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None);
        await _devHost.Mock.Services.Invoices.SettleAsync(record!.PaymentHash, null, CancellationToken.None);

        Assert.Equal($"Signed in to Flash as {account.Username}; payments go to the USDT wallet (the account has BTC, USDT wallets)", connected.Connection.LastCheck!.Message);
        Assert.Equal(usdt, record.WalletId);
        var balance = (await _devHost.Mock.Services.Accounts.GetWalletAsync(usdt, CancellationToken.None))!.Balance;
        Assert.True(balance > 0);
        Assert.Equal(balance, (await client.GetBalance()).OffchainBalance!.Local.ToDecimal(LightMoneyUnit.Satoshi) / 1000m * 100m, precision: 0);
    }

    [Fact]
    public async Task A_saved_wallet_gone_after_the_cut_over_falls_back_to_the_USDT_wallet_with_a_warning_in_the_log_and_on_the_page()
    {
        var account = await _devHost.Mock.CreateAccountAsync(defaultWalletCurrency: "USDT");
        var usdt = account.Wallets.Single(w => w.Currency == "USDT").Id;
        await _devHost.ConnectAsync(sessionToken: account.SessionToken);
        var saved = await _devHost.StoredConnectionAsync();
        saved.WalletId = "usd-wallet-before-the-cut-over";
        await _devHost.Connections.SaveAsync(DemoStore.DemoId, saved);

        var tested = await _devHost.Connector.TestAsync(DemoStore.DemoId);
        var invoice = await (await _devHost.Host.Services.GetRequiredService<DemoStoreLightning>().CreateClientAsync())
            .CreateInvoice(LightMoney.Satoshis(1_000), "after the cut-over", TimeSpan.FromMinutes(10));

        var warning = $"The Flash wallet usd-wallet-before-the-cut-over chosen for this store is no longer in the account (Flash moving USD wallets to USDT is one reason), so payments go to its USDT wallet {usdt}: reconnect Flash to choose it and end this warning.";
        Assert.EndsWith(". " + warning, tested.LastCheck!.Message, StringComparison.Ordinal);
        Assert.Equal(usdt, (await _devHost.Mock.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None))!.WalletId);
        Assert.Contains(warning, _devHost.Logs.All, StringComparison.Ordinal);
    }
}
