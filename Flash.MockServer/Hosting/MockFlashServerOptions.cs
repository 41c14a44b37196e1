using Flash.MockServer.CashWallet;
using NBitcoin;

namespace Flash.MockServer.Hosting;

/// <summary>How a mock Flash server behaves. Defaults offer both credential services (<see cref="TokenDialect.Both"/>) and Flash's documented limits.</summary>
public sealed class MockFlashServerOptions
{
    /// <summary>Name of the preset that behaves like Flash in production today.</summary>
    public const string FlashTodayProfile = "flash-today";

    public TokenDialect Dialect { get; set; } = TokenDialect.Both;

    /// <summary>How issued <c>flash_</c> tokens are written; presented tokens are accepted in either shape.</summary>
    public SeedTokenShape SeedTokenShape { get; set; } = SeedTokenShape.Checksummed;

    /// <summary>SQLite file, or <c>:memory:</c> for a database that lives as long as the server.</summary>
    public string DatabasePath { get; set; } = "flash-mock.db";

    /// <summary>Addresses to listen on; port 0 picks a free port. Only loopback addresses are accepted.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    public ChainName Network { get; set; } = ChainName.Regtest;

    /// <summary>Serves the <c>/_mock/</c> control API (loopback clients only).</summary>
    public bool EnableControlApi { get; set; }

    /// <summary>Upper bound on an invoice's expiry; Flash's provider caps receive invoices at 60 seconds.</summary>
    public TimeSpan? MaxInvoiceExpiry { get; set; }

    /// <summary>
    /// Expiry of a receive invoice whose <c>expiresIn</c> (minutes) is omitted or 0; null: the mock's own defaults,
    /// 24 hours for BTC wallets and 5 minutes for USD ones (Galoy's). Flash today asks its provider for 1 minute.
    /// </summary>
    public TimeSpan? DefaultInvoiceExpiry { get; set; }

    /// <summary>Whether <c>descriptionHash</c> reaches the invoice's <c>h</c> field; Flash today drops it.</summary>
    public bool HonourDescriptionHash { get; set; } = true;

    /// <summary>
    /// Whether BTC wallets receive (<c>lnInvoiceCreate</c>, <c>lnInvoiceCreateOnBehalfOfRecipient</c>) and can be
    /// fee-probed (<c>lnInvoiceFeeProbe</c>). Flash today answers those with a top-level NotImplementedError.
    /// </summary>
    public bool BtcWalletsSupported { get; set; } = true;

    /// <summary>How a subscription an anonymous WebSocket may not run is refused; Flash today lets its resolver answer.</summary>
    public SubscriptionRefusal SubscriptionRefusal { get; set; } = SubscriptionRefusal.ErrorMessage;

    /// <summary>
    /// The platform-wide USDT cut-over state at start-up. In progress by default: accounts created with a USDT cash
    /// wallet have been migrated, the others (the demo account among them) not yet.
    /// </summary>
    public CashWalletCutoverState CashWalletCutover { get; set; } = CashWalletCutoverState.InProgress;

    public int DefaultRateLimitPerMinute { get; set; } = 120;

    /// <summary>
    /// When set, every token and key is limited to this many requests a minute whatever it asked for: benchmarks
    /// measure throughput, and the plugin always asks for a limit of its own (1,000 a minute unless the owner chooses).
    /// </summary>
    public int? RateLimitPerMinuteForAll { get; set; }

    public int MaxActiveTokensPerAccount { get; set; } = 10;

    /// <summary>How long a WebSocket may stay open without <c>connection_init</c> (graphql-ws default: 3 s).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>How deeply an operation may nest fields. The plugin's operations nest 4 deep, the usual introspection query 13.</summary>
    public int MaxOperationDepth { get; set; } = 20;

    /// <summary>
    /// How many fields one operation may select, each alias and each use of a fragment counted (introspection weighs
    /// a fiftieth). The plugin's largest operation selects 11; an alias flood of thousands is refused.
    /// </summary>
    public int MaxOperationComplexity { get; set; } = 1000;

    /// <summary>Price of one bitcoin in US dollars, used for USD wallets and <c>realtimePrice</c>.</summary>
    public decimal BtcUsdPrice { get; set; } = 100_000m;

    /// <summary>The clock for expiry, audit and usage; tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Applies a named preset; unknown names are an error, not a silent default.</summary>
    public MockFlashServerOptions ApplyProfile(string? profile)
    {
        switch (profile)
        {
            case null or "" or "default":
                return this;
            case FlashTodayProfile:
                Dialect = TokenDialect.Fip07;
                MaxInvoiceExpiry = TimeSpan.FromSeconds(60);
                DefaultInvoiceExpiry = TimeSpan.FromMinutes(1);
                HonourDescriptionHash = false;
                BtcWalletsSupported = false;
                SubscriptionRefusal = SubscriptionRefusal.ResolverError;
                return this;
            default:
                throw new ArgumentException($"Unknown profile '{profile}'. Known profiles: default, {FlashTodayProfile}.", nameof(profile));
        }
    }
}
