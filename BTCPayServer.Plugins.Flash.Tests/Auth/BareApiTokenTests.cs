using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.Lightning;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost.Hosting;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using Microsoft.Extensions.Options;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

/// <summary>
/// Interop with a server running Flash's API token service as its unmerged branch (lnflash/flash
/// <c>feat/api-token-authentication</c>, 52e10e04) issues <c>flash_</c> tokens: <c>"flash_" + randomBytes(32).toString("base64url")</c>, 43 characters after the prefix,
/// no checksum, SHA-256 of those 43 characters stored. End to end over real loopback sockets.
/// </summary>
public sealed class BareApiTokenTests : IDisposable
{
    private const string BareShape = "^flash_[A-Za-z0-9_-]{43}$";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly FlashServices _flash = new();
    private readonly KeyRing _keys = new();
    private readonly TemporaryDirectory _settingsFolder = new();
    private readonly FlashConnectionStringHandler _handler;

    public BareApiTokenTests()
    {
        _handler = new FlashConnectionStringHandler(new FlashConnections(_flash.Transports, new ApiTokenProtector(_keys.Provider),
            new FlashStoreConnectionRepository(new FileSettingsRepository(_settingsFolder.Path), TimeProvider.System),
            Options.Create(new FlashConnectionsOptions()), TimeProvider.System, _flash.LoggerFactory));
    }

    [Fact]
    public async Task A_bare_token_is_provisioned_stored_protected_and_takes_a_paid_invoice()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.SeedTokenShape = SeedTokenShape.SeedBranch);

        var provisioned = await _flash.Provisioner.ProvisionAsync(Endpoints(mock), mock.SessionToken, new ApiTokenRequest("BTCPay Server shop", null));

        Assert.Equal(FlashApiTokenKind.ApiToken, provisioned.Kind);
        Assert.Equal(FlashApiTokenKind.ApiToken, provisioned.Token.Kind);
        Assert.Matches(BareShape, provisioned.Token.Value);
        var stored = Assert.Single(await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, CredentialKind.Token, CancellationToken.None));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(provisioned.Token.Value["flash_".Length..])), stored.SecretHash);

        var blob = new ApiTokenProtector(_keys.Provider).Protect(provisioned.Token);
        var connectionString = new FlashConnectionString { Endpoints = Endpoints(mock), ProtectedToken = blob }.ToConnectionString();
        Assert.Equal(provisioned.Token.Value, new ApiTokenProtector(_keys.Open()).Unprotect(blob, mock.Server.GraphQLUri.ToString()).Value);
        Assert.DoesNotContain(provisioned.Token.Value["flash_".Length..], connectionString, StringComparison.Ordinal);

        using var listener = await Client(connectionString).Listen();
        var invoice = await Client(connectionString).CreateInvoice(LightMoney.Satoshis(2100L), "bare-token coffee", TimeSpan.FromMinutes(10));
        var hash = (await mock.Server.Services.Invoices.FindByRequestAsync(invoice.BOLT11, CancellationToken.None))!.PaymentHash;
        await mock.Server.Services.Invoices.SettleAsync(hash, null, CancellationToken.None);
        var heard = await listener.WaitInvoice(CancellationToken.None).WaitAsync(Wait);
        var asked = await Client(connectionString).GetInvoice(invoice.Id);

        Assert.Equal(LightningInvoiceStatus.Unpaid, invoice.Status);
        Assert.Equal(invoice.Id, heard.Id);
        Assert.Equal(LightningInvoiceStatus.Paid, heard.Status);
        Assert.Equal(LightMoney.Satoshis(2100L), heard.AmountReceived);
        Assert.Equal(LightningInvoiceStatus.Paid, asked!.Status);
        var used = await mock.Server.Services.Audit.ReadAsync(null, provisioned.Id, CancellationToken.None);
        Assert.DoesNotContain(used, e => e.Event == "denied");
        _flash.Logs.AssertContainsNone(provisioned.Token.Value, provisioned.Token.Value["flash_".Length..], mock.SessionToken);
    }

    [Fact]
    public async Task A_token_built_as_the_branch_builds_it_and_pasted_into_api_token_works()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var pasted = "flash_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await RegisterAsTheBranchStoresItAsync(mock, pasted);

        var client = _handler.Create($"type=flash;server={mock.Server.GraphQLUri};api-token={pasted}", Network.RegTest, out var error);
        var reported = client!.ToString()!;
        var invoice = await client.CreateInvoice(LightMoney.Satoshis(1000L), "pasted by hand", TimeSpan.FromMinutes(5));
        var balance = await _handler.Create(reported, Network.RegTest, out _).GetBalance();

        Assert.Null(error);
        Assert.IsType<FlashLightningClient>(client);
        Assert.Contains("api-token-protected=", reported, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted["flash_".Length..], reported, StringComparison.Ordinal);
        Assert.Equal(LightMoney.Satoshis(1000L), invoice.Amount);
        Assert.NotNull(balance.OffchainBalance);
        _flash.Logs.AssertContainsNone(pasted, pasted["flash_".Length..]);
    }

    [Fact]
    public async Task A_bare_token_the_server_does_not_know_is_refused_by_the_server_not_by_its_shape()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed);
        var unknown = "flash_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        var client = _handler.Create($"type=flash;server={mock.Server.GraphQLUri};api-token={unknown}", Network.RegTest, out var error);
        var refused = await Assert.ThrowsAsync<FlashReconnectRequiredException>(() => client!.GetBalance());

        Assert.Null(error);
        Assert.Equal(ReconnectReason.TokenRejected, refused.Reason);
        Assert.DoesNotContain(unknown["flash_".Length..], refused.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The row the branch's database holds for a token: SHA-256 (hex) of the part after the prefix.</summary>
    private static async Task RegisterAsTheBranchStoresItAsync(MockServerHarness mock, string token)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token["flash_".Length..]));
        var credential = new Credential("tok_pasted", CredentialKind.Token, Convert.ToHexStringLower(hash), hash, mock.Server.Demo.AccountId, "pasted by hand",
            ["read", "write"], DateTimeOffset.UtcNow, null, null, null, 0, null, []);
        Assert.True(await new CredentialRepository(mock.Server.Services.Database).TryInsertAsync(credential, 10, CancellationToken.None));
    }

    private ILightningClient Client(string connectionString) =>
        _handler.Create(connectionString, Network.RegTest, out var error) ?? throw new InvalidOperationException(error);

    private static FlashEndpoints Endpoints(MockServerHarness mock) => FlashEndpoints.For(mock.Server.GraphQLUri, mock.Server.WebSocketUri);

    public void Dispose()
    {
        _flash.Dispose();
        _keys.Dispose();
        _settingsFolder.Dispose();
    }
}
