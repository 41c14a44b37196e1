using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.Models;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.DevHost.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.StoreConnection;

/// <summary>
/// A store connection's wallet currency as BTCPay's settings store keeps it: Newtonsoft writes an enum as its number,
/// so the numbers saved connections hold (BTC 0, USD 1, since the plugin's first release) must keep their meaning.
/// </summary>
public sealed class SavedConnectionCurrencyTests : IDisposable
{
    private const string StoreId = "shop";

    private readonly TemporaryDirectory _settings = new();
    private readonly FlashStoreConnectionRepository _connections;

    public SavedConnectionCurrencyTests()
    {
        _connections = new FlashStoreConnectionRepository(new FileSettingsRepository(_settings.Path), TimeProvider.System);
    }

    public void Dispose() => _settings.Dispose();

    private string SettingFile => Path.Combine(_settings.Path, FlashStoreConnectionRepository.KeyPrefix + StoreId + ".json");

    [Theory]
    [InlineData("0", WalletCurrency.BTC, ReceiveIn.BtcWallet)]
    [InlineData("1", WalletCurrency.USD, ReceiveIn.DollarWallet)]
    [InlineData("null", null, ReceiveIn.AccountDefault)]
    public async Task A_currency_saved_by_an_earlier_version_reads_back_as_the_same_choice(string saved, WalletCurrency? currency, ReceiveIn shown)
    {
        // As an earlier version wrote it; the fields left out read as their defaults, as they do in BTCPay.
        await File.WriteAllTextAsync(SettingFile,
            $$"""{"Server":"https://api.flashapp.me/graphql","ReferenceKey":"AAAAAAAAAAAAAAAAAAAAAA","ProtectedToken":"CfDJ8-protected","TokenId":"t1","WalletId":null,"Currency":{{saved}}}""");

        var connection = await _connections.GetAsync(StoreId);

        Assert.Equal(currency, connection!.Currency);
        Assert.Equal(shown, ReceiveInExtensions.FromCurrency(connection.Currency));
    }

    [Theory]
    [InlineData(WalletCurrency.BTC, "\"Currency\":0")]
    [InlineData(WalletCurrency.USD, "\"Currency\":1")]
    public async Task A_currency_is_saved_as_the_number_earlier_versions_read(WalletCurrency currency, string stored)
    {
        await _connections.SaveAsync(StoreId, new FlashStoreConnection { ProtectedToken = "CfDJ8-protected", Currency = currency });

        Assert.Contains(stored, await File.ReadAllTextAsync(SettingFile), StringComparison.Ordinal);
    }
}
