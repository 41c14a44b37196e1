using System.Globalization;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Checkout;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Lightning;
using Microsoft.Extensions.Logging;

namespace BTCPayServer.Plugins.Flash.StoreConnection;

/// <summary>
/// Learns what works with a store's Flash server, with cheap checks: the credential in use (known from the saved
/// connection), one invoice of the smallest amount made on the public <c>...OnBehalfOfRecipient</c> mutation and
/// left to expire unpaid (whether the wallet can receive, how long invoices last, whether the description hash is
/// kept), and <c>cashWalletCutover</c>. Each check stands alone: one that fails says which and why, and the others
/// still run; none blocks the connection.
/// </summary>
public sealed class FlashCapabilityProbe(FlashTransports transports, FlashCheckoutRenewal renewal, TimeProvider time, ILogger<FlashCapabilityProbe> logger)
{
    /// <param name="account">What the account probe found (null when it failed: the invoice checks then cannot run).</param>
    /// <param name="checkout">The store's checkout settings, for the expiry comparison.</param>
    /// <param name="accountFailure">Why the account probe failed, when it did.</param>
    public async Task<FlashCapabilityReport> ProbeAsync(
        FlashStoreConnection connection, FlashAccountSummary? account, StoreCheckout checkout, string? accountFailure, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(checkout);
        var report = new FlashCapabilityReport { CheckedAt = time.GetUtcNow() };
        report.Items.Add(new FlashCapability
        {
            Kind = FlashCapabilityKind.Credential,
            Verdict = FlashCapabilityVerdict.Works,
            Summary = ApiTokenDialects.For(connection.ProvisioningMethod).CredentialSummary,
        });
        var api = new FlashApiClient(transports.Http(connection.Server));
        if (account is null)
        {
            var reason = $"the account could not be read ({accountFailure ?? "no answer"})";
            report.Items.Add(Unknown(FlashCapabilityKind.Receive, $"Whether the wallet can receive was not checked: {reason}."));
            report.Items.Add(Unknown(FlashCapabilityKind.InvoiceExpiry, $"How long invoices last was not checked: {reason}."));
            report.Items.Add(Unknown(FlashCapabilityKind.DescriptionHash, $"Whether LNURL-pay works was not checked: {reason}."));
        }
        else
        {
            await ProbeInvoicesAsync(api, account, checkout, report, cancellation);
        }
        report.Items.Add(await CashWalletAsync(api, cancellation));
        logger.LogInformation("Flash capabilities at {Server}: {Verdicts}", connection.Server.Authority,
            string.Join(", ", report.Items.Select(i => $"{i.Kind}={i.Verdict}")));
        return report;
    }

    /// <summary>The receiving wallet first; if it cannot receive, the account's dollar wallet answers the invoice questions.</summary>
    private async Task ProbeInvoicesAsync(FlashApiClient api, FlashAccountSummary account, StoreCheckout checkout, FlashCapabilityReport report, CancellationToken cancellation)
    {
        var wallet = account.Wallet;
        var (invoice, refusal) = await ProbeInvoiceAsync(api, wallet, checkout, cancellation);
        report.Items.Add(invoice is not null
            ? new FlashCapability
            {
                Kind = FlashCapabilityKind.Receive,
                Verdict = FlashCapabilityVerdict.Works,
                Summary = $"Payments are received in the account's {wallet.WalletCurrency} wallet.",
            }
            : FlashReceiveProbe.CannotReceive(wallet, refusal)
                ? new FlashCapability
                {
                    Kind = FlashCapabilityKind.Receive,
                    Verdict = FlashCapabilityVerdict.DoesNotWork,
                    Summary = $"Flash does not receive into this account's {wallet.WalletCurrency} wallet: it answered \"{((FlashPayloadErrorException)refusal!).Reason}\".",
                    Advice = wallet.IsDollar ? "Ask Flash why this wallet cannot receive." : "Connect again with \"Receive in: dollar wallet (USD or USDT)\".",
                }
                : Unknown(FlashCapabilityKind.Receive, $"Whether the {wallet.WalletCurrency} wallet can receive could not be checked: {refusal!.Message}"));

        if (invoice is null && account.Wallets.FirstOrDefault(w => w.IsDollar) is { } dollar && dollar != wallet)
            (invoice, refusal) = await ProbeInvoiceAsync(api, dollar, checkout, cancellation);
        if (invoice is null)
        {
            report.Items.Add(Unknown(FlashCapabilityKind.InvoiceExpiry, $"How long invoices last could not be checked: no test invoice could be made ({refusal!.Message})."));
            report.Items.Add(Unknown(FlashCapabilityKind.DescriptionHash, $"Whether LNURL-pay works could not be checked: no test invoice could be made ({refusal!.Message})."));
            return;
        }
        report.Items.Add(Expiry(invoice, checkout));
        report.Items.Add(invoice.DescriptionHashText() == FlashReceiveProbe.DescriptionHash
            ? new FlashCapability
            {
                Kind = FlashCapabilityKind.DescriptionHash,
                Verdict = FlashCapabilityVerdict.Works,
                Summary = "LNURL-pay and Lightning Address work: Flash keeps the description hash that wallets check.",
            }
            : new FlashCapability
            {
                Kind = FlashCapabilityKind.DescriptionHash,
                Verdict = FlashCapabilityVerdict.DoesNotWork,
                Summary = "LNURL-pay and Lightning Address cannot work with this server: Flash drops the description hash, and wallets reject such invoices.",
                Advice = "Turn off LNURL in the store's Lightning payment settings, so customers are not offered it.",
            });
    }

    private static Task<(BOLT11PaymentRequest? Invoice, FlashApiException? Refusal)> ProbeInvoiceAsync(
        FlashApiClient api, Wallet wallet, StoreCheckout checkout, CancellationToken cancellation) =>
        FlashReceiveProbe.TryAsync(api, wallet, checkout.InvoiceExpiration, cancellation);

    private FlashCapability Expiry(BOLT11PaymentRequest invoice, StoreCheckout checkout)
    {
        var lasts = invoice.Lifetime();
        var store = checkout.InvoiceExpiration;
        var seconds = (long)lasts.TotalSeconds;
        if (lasts + TimeSpan.FromSeconds(1) >= store)
        {
            return new FlashCapability
            {
                Kind = FlashCapabilityKind.InvoiceExpiry,
                Verdict = FlashCapabilityVerdict.Works,
                Summary = $"Flash's invoices last as long as the store's checkout ({Words(store)}).",
                Seconds = seconds,
            };
        }
        if (renewal.Unavailable is null)
        {
            // FlashCheckoutRenewal gives an open checkout a new invoice each time Flash's expires unpaid.
            return new FlashCapability
            {
                Kind = FlashCapabilityKind.InvoiceExpiry,
                Verdict = FlashCapabilityVerdict.Works,
                Summary = $"Flash's invoices last {Words(lasts)}; the plugin renews them while your customer pays, for the store's {Words(store)}.",
                Seconds = seconds,
            };
        }
        return new FlashCapability
        {
            Kind = FlashCapabilityKind.InvoiceExpiry,
            Verdict = FlashCapabilityVerdict.Limited,
            Summary = $"Flash invoices expire after {Words(lasts)}, and this store gives customers {Words(store)} to pay. " +
                $"The plugin cannot renew them: {renewal.Unavailable}.",
            Advice = checkout.LazyPaymentMethods
                ? "Lazy payment methods are on, so the invoice is made when the customer chooses Lightning: keep checkout short."
                : "Turn on lazy payment methods in the store's checkout settings (the invoice is then made when the customer chooses Lightning), and keep checkout short.",
            Seconds = seconds,
        };
    }

    private async Task<FlashCapability> CashWalletAsync(FlashApiClient api, CancellationToken cancellation)
    {
        try
        {
            return await api.GetCashWalletCutoverAsync(cancellation) switch
            {
                CashWalletCutoverState.Pre => CashWallet(FlashCapabilityVerdict.Works, "Flash has not started moving USD wallets to USDT."),
                CashWalletCutoverState.InProgress => CashWallet(FlashCapabilityVerdict.Limited,
                    "Flash is moving USD wallets to USDT: payments keep going to this account's dollar wallet."),
                CashWalletCutoverState.Complete => CashWallet(FlashCapabilityVerdict.Works,
                    "Flash has moved USD wallets to USDT: dollar payments go to the account's USDT wallet."),
                _ => CashWallet(FlashCapabilityVerdict.Works, "Flash moved USD wallets back from USDT: dollar payments go to the account's USD wallet."),
            };
        }
        catch (FlashApiException e)
        {
            logger.LogInformation("Flash did not answer cashWalletCutover: {Failure}", e.Message);
            return Unknown(FlashCapabilityKind.CashWallet, $"Flash did not say whether it is moving USD wallets to USDT ({e.Message}).");
        }
    }

    private static FlashCapability CashWallet(FlashCapabilityVerdict verdict, string summary) =>
        new() { Kind = FlashCapabilityKind.CashWallet, Verdict = verdict, Summary = summary };

    private static FlashCapability Unknown(FlashCapabilityKind kind, string summary) =>
        new() { Kind = kind, Verdict = FlashCapabilityVerdict.Unknown, Summary = summary };

    /// <summary>"60 seconds", "15 minutes", "1 hour 30 minutes".</summary>
    internal static string Words(TimeSpan span)
    {
        static string Unit(long n, string unit) => string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")}");
        if (span < TimeSpan.FromMinutes(2))
            return Unit((long)Math.Round(span.TotalSeconds), "second");
        if (span < TimeSpan.FromHours(2))
            return Unit((long)Math.Round(span.TotalMinutes), "minute");
        return Unit((long)Math.Round(span.TotalHours), "hour");
    }
}
