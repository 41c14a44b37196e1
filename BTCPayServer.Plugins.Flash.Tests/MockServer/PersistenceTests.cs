using System.Net;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"flash-mock-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Tokens_accounts_and_invoices_survive_a_restart()
    {
        string token, request, nodeId;
        await using (var first = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.DatabasePath = _database))
        {
            token = await CredentialFlows.TokenAsync(first, ["read", "write"]);
            var usd = first.Server.Demo.Wallets.Single(w => w.Currency == "USD").Id;
            request = (await first.Http.WithBearerAsync(token,
                "mutation($input: LnUsdInvoiceCreateInput!) { lnUsdInvoiceCreate(input: $input) { invoice { paymentRequest } } }",
                new { input = new { walletId = usd, amount = 5 } })).Data!["lnUsdInvoiceCreate"]!["invoice"]!["paymentRequest"]!.GetValue<string>();
            nodeId = first.Server.Services.Node.NodeId;
        }

        await using var second = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.DatabasePath = _database);
        var me = await second.Http.WithBearerAsync(token, "{ me { id } }");
        var status = await second.Http.QueryAsync("query($r: LnPaymentRequest!) { lnInvoicePaymentStatus(input: { paymentRequest: $r }) { status } }", new { r = request });

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(second.Server.Demo.AccountId, me.Data!["me"]!["id"]!.GetValue<string>());
        Assert.Equal("PENDING", status.Data!["lnInvoicePaymentStatus"]!["status"]!.GetValue<string>());
        Assert.Equal(nodeId, second.Server.Services.Node.NodeId);
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_database + suffix);
    }
}
