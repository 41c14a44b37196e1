using Flash.MockServer.Auth;
using Flash.MockServer.CashWallet;
using Flash.MockServer.GraphQL;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;

namespace Flash.MockServer.Hosting;

/// <summary>The mock's parts, built once per server and shared by the HTTP, WebSocket and control endpoints.</summary>
internal sealed record MockServices(
    MockFlashServerOptions Options,
    SqliteDatabase Database,
    AccountRepository Accounts,
    CredentialService Credentials,
    AuditLog Audit,
    InvoiceService Invoices,
    PaymentRepository Payments,
    PriceService Prices,
    MockLightningNode Node,
    InvoiceEventHub Events,
    CashWalletCutover CashWallets,
    FaultInjector Faults,
    WebSocketTraffic WebSockets) : IAsyncDisposable
{
    public TimeProvider Clock => Options.TimeProvider;

    public async ValueTask DisposeAsync()
    {
        await Credentials.DisposeAsync();
        await Database.DisposeAsync();
    }

    public static async Task<MockServices> CreateAsync(MockFlashServerOptions options, CancellationToken cancellation)
    {
        var database = await SqliteDatabase.OpenAsync(options.DatabasePath, cancellation);
        var clock = options.TimeProvider;
        var audit = new AuditLog(database, clock);
        var node = await MockLightningNode.LoadOrCreateAsync(database, options.Network, cancellation);
        var prices = new PriceService(options);
        var events = new InvoiceEventHub();
        var accounts = new AccountRepository(database, clock);
        return new MockServices(
            options,
            database,
            accounts,
            new CredentialService(new CredentialRepository(database), audit, options),
            audit,
            new InvoiceService(database, new InvoiceRepository(database), node, prices, events, options),
            new PaymentRepository(database, clock),
            prices,
            node,
            events,
            new CashWalletCutover(options, accounts),
            new FaultInjector(),
            new WebSocketTraffic());
    }
}
