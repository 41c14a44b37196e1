using System.Buffers.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Models;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// Fault matrix, row 8: BTCPay's DataProtection key ring changes under a connected store. Rotated (a new default
/// key, the old one kept, as DataProtection does every 90 days), the stored token still decrypts after a restart and
/// invoices work. Lost (BTCPay restarted without its key folder), the store owner and the merchant read one plain
/// sentence asking to reconnect, and reconnecting works.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string Store = "shop";

    private readonly TemporaryDirectory _state = new();
    private MockServerHarness _mock = null!;

    public async Task InitializeAsync() => _mock = await MockServerHarness.StartAsync(TokenDialect.Fip07);

    public async Task DisposeAsync()
    {
        await _mock.DisposeAsync();
        _state.Dispose();
    }

    private string Keys => Path.Combine(_state.Path, "keys");

    private string Settings => Path.Combine(_state.Path, "settings");

    [Fact]
    public async Task A_rotated_key_ring_still_decrypts_the_stored_token_after_a_restart_and_invoices_work()
    {
        Guid oldKey, newKey;
        await using (var before = PluginHost.Start(Keys, Settings))
        {
            await before.ConnectAsync(_mock.Server, Store);
            oldKey = Assert.Single(before.KeyManager.GetAllKeys()).KeyId;
            newKey = before.KeyManager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90)).KeyId;
        }

        await using var after = PluginHost.Start(Keys, Settings);
        var saved = (await after.Connections.GetAsync(Store))!;
        var status = FlashConnectionStatus.From(Store, saved, after.Protector, DateTimeOffset.UtcNow);
        var (invoice, error) = await BTCPayCheckout.CreateInvoiceAsync(await after.ClientAsync(Store), LightMoney.Satoshis(1_000));
        var reconnected = await after.ConnectAsync(_mock.Server, Store);

        Assert.Equal(oldKey, KeyOf(saved.ProtectedToken));
        Assert.Null(status.ReconnectReason);
        Assert.Null(error);
        Assert.Equal(LightMoney.Satoshis(1_000), invoice!.Amount);
        // What is protected from now on uses the new key: the rotation did happen.
        Assert.Equal(newKey, KeyOf(reconnected.Connection.ProtectedToken));
    }

    [Fact]
    public async Task A_lost_key_ring_asks_the_owner_and_the_merchant_to_reconnect_in_one_sentence_and_reconnecting_works()
    {
        await using (var before = PluginHost.Start(Keys, Settings))
            await before.ConnectAsync(_mock.Server, Store);
        Directory.Delete(Keys, recursive: true);

        await using var after = PluginHost.Start(Keys, Settings);
        var saved = (await after.Connections.GetAsync(Store))!;
        var banner = FlashConnectionStatus.From(Store, saved, after.Protector, DateTimeOffset.UtcNow).ReconnectReason;
        var (_, merchantSees) = await BTCPayCheckout.CreateInvoiceAsync(await after.ClientAsync(Store), LightMoney.Satoshis(1_000));
        var reconnected = await after.ConnectAsync(_mock.Server, Store);
        var (invoice, error) = await BTCPayCheckout.CreateInvoiceAsync(await after.ClientAsync(Store), LightMoney.Satoshis(1_000));

        const string Reconnect = "The stored Flash API token cannot be decrypted (the server's data protection keys changed). Reconnect Flash in the store settings";
        var server = _mock.Server.GraphQLUri.Authority;
        Assert.Equal($"{Reconnect} (server {server})", banner);
        Assert.Equal($"Impossible to create lightning invoice ({Reconnect} (server {server}))", merchantSees);
        // The token it cannot read any more is revoked by id with the owner's session.
        Assert.True(reconnected.ReplacedTokenRevoked);
        Assert.Null(error);
        Assert.Equal(LightMoney.Satoshis(1_000), invoice!.Amount);
    }

    /// <summary>The key a DataProtection payload was made with: a 32-bit magic header, then the key's id.</summary>
    private static Guid KeyOf(string protectedToken) => new(Base64Url.DecodeFromChars(protectedToken).AsSpan(4, 16));
}
