using System.ComponentModel.DataAnnotations;
using BTCPayServer.Lightning;
using BTCPayServer.Payments.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Microsoft.Extensions.Options;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.ConnectionStrings;

/// <summary>
/// What BTCPay's Lightning settings page gets when a store saves a Flash connection string: BTCPay calls
/// <see cref="IExtendedLightningClient.Validate"/> first, and shows its message under the field.
/// </summary>
public sealed class ConnectionStringValidationTests : IDisposable
{
    private readonly FlashServices _flash = new();
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settings = new();
    private readonly FlashStoreConnectionRepository _stores;
    private readonly FlashConnectionStringHandler _handler;
    private readonly FlashConnectionStringHandler _asBTCPayShips;

    public ConnectionStringValidationTests()
    {
        _stores = new FlashStoreConnectionRepository(new FileSettingsRepository(_settings.Path), TimeProvider.System);
        // The mock runs on loopback: these tests let Validate contact it, as a development host does.
        _handler = Handler(new FlashConnectionsOptions { ValidateLocalServers = true });
        _asBTCPayShips = Handler(new FlashConnectionsOptions());
    }

    private FlashConnectionStringHandler Handler(FlashConnectionsOptions options) =>
        new(new FlashConnections(_flash.Transports, new ApiTokenProtector(_keys.Provider), _stores, Options.Create(options), TimeProvider.System, _flash.LoggerFactory));

    [Fact]
    public async Task A_protected_token_of_a_working_account_is_valid_and_names_itself_and_its_server()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var client = Extended(await ProtectedStringAsync(mock));

        Assert.Null(await client.Validate());
        Assert.Equal("Flash", client.DisplayName);
        Assert.Equal(mock.Server.GraphQLUri, client.ServerUri);
    }

    [Fact]
    public async Task A_plain_token_is_refused_on_save_so_BTCPay_never_stores_it_as_typed()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("pasted", null));
        var audit = (await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None)).Count;

        var result = await Extended($"type=flash;server={mock.Server.GraphQLUri};api-token={provisioned.Token.Value}").Validate();

        Assert.Equal(
            "This connection string holds the Flash API token in plain text, and BTCPay would store it as typed. Connect Flash in the " +
            "store's Flash settings instead, and paste the connection string shown there: it holds no token.", result!.ErrorMessage);
        Assert.DoesNotContain(provisioned.Token.Value, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(audit, (await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_string_for_another_network_says_which_network_Flash_runs()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var result = await Extended(await ProtectedStringAsync(mock), Network.TestNet).Validate();

        Assert.Equal($"Flash at {mock.Server.GraphQLUri.Authority} runs on regtest, but this BTCPay Server expects testnet: connect the Flash server of testnet.", result!.ErrorMessage);
    }

    [Fact]
    public async Task A_revoked_token_says_to_reconnect()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("revoked", null));
        var connectionString = String(mock, provisioned.Token);
        await _flash.Administration.RevokeAsync(Endpoints(mock), mock.SessionToken, FlashApiTokenKind.ApiToken, provisioned.Id);

        var result = await Extended(connectionString).Validate();

        Assert.Equal($"Flash refused the API token: it was revoked or has expired. Reconnect Flash in the store settings (server {mock.Server.GraphQLUri.Authority}, HTTP 401)", result!.ErrorMessage);
    }

    [Fact]
    public async Task A_wallet_the_account_lacks_says_how_to_fix_the_string()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);

        var result = await Extended(await ProtectedStringAsync(mock) + ";wallet-id=no-such-wallet;currency=BTC").Validate();

        Assert.Equal(
            $"The Flash account has no wallet with id 'no-such-wallet' (server {mock.Server.GraphQLUri.Authority}): fix wallet-id or currency in the connection string, " +
            "or leave them out for the account's default wallet.", result!.ErrorMessage);
    }

    [Fact]
    public async Task Under_flash_today_a_BTC_wallet_is_refused_with_Flash_s_reason_and_the_dollar_alternative()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Fip07, o => o.ApplyProfile(MockFlashServerOptions.FlashTodayProfile));

        var result = await Extended(await ProtectedStringAsync(mock) + ";currency=BTC").Validate();

        Assert.Equal(
            "Flash does not receive into this account's BTC wallet: it answered \"Flash does not support BTC wallets.\". Use the account's dollar wallet: " +
            "put currency=USD in the connection string, or connect Flash again with \"Receive in: dollar wallet (USD or USDT)\".", result!.ErrorMessage);
        Assert.Null(await Extended(await ProtectedStringAsync(mock) + ";currency=USD").Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/graphql")]
    [InlineData("https://flash.internal/graphql")]
    [InlineData("https://10.1.2.3/graphql")]
    public async Task A_local_server_is_checked_offline_only_and_left_to_BTCPay_s_own_rule(string server)
    {
        var blob = new ApiTokenProtector(_keys.Provider).Protect(FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate()));

        var result = await Extended($"type=flash;server={server};api-token-protected={blob}", handler: _asBTCPayShips).Validate();

        // Nothing was asked: a closed port or an unknown name would otherwise say Flash could not be asked.
        Assert.Null(result);
        Assert.NotNull(await Extended($"type=flash;server={server};api-token-protected={blob}").Validate());
    }

    [Fact]
    public async Task A_store_s_saved_connection_warms_the_first_checkout_to_one_request()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var connectionString = await ProtectedStringAsync(mock);
        Assert.Null(await Extended(connectionString).Validate());
        var before = await TokenRequestsAsync(mock);

        await _handler.Create(connectionString, Network.RegTest, out _).CreateInvoice(LightMoney.Satoshis(1_000L), "after saving", TimeSpan.FromMinutes(5));

        // Only the invoice itself: the wallet and the price came with the validation.
        Assert.Equal(1, await TokenRequestsAsync(mock) - before);
    }

    /// <summary>Requests the mock counted for the tokens it issued (what a store's token is charged for).</summary>
    private static async Task<long> TokenRequestsAsync(MockServerHarness mock) =>
        (await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, global::Flash.MockServer.Storage.CredentialKind.Token, CancellationToken.None))
        .Sum(c => c.RequestCount);

    private IExtendedLightningClient Extended(string connectionString, Network? network = null, FlashConnectionStringHandler? handler = null)
    {
        var client = (handler ?? _handler).Create(connectionString, network ?? Network.RegTest, out var error);
        Assert.Null(error);
        return Assert.IsAssignableFrom<IExtendedLightningClient>(client);
    }

    private async Task<string> ProtectedStringAsync(MockServerHarness mock)
    {
        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("validated", null));
        return String(mock, provisioned.Token);
    }

    private string String(MockServerHarness mock, FlashApiToken token) =>
        new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = new ApiTokenProtector(_keys.Provider).Protect(token) }.ToConnectionString();

    private static FlashEndpoints Endpoints(MockServerHarness mock) => FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
        _settings.Dispose();
    }
}
