using System.Security.Cryptography;
using System.Text;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// Whether a wallet can receive, asked the cheapest way Flash allows: one invoice of the smallest amount (1 sat, or
/// 1 cent) on the public <c>...OnBehalfOfRecipient</c> mutation, committing to a known description hash, left to
/// expire unpaid. It also tells how long Flash lets the invoice live and whether it kept the hash.
/// </summary>
internal static class FlashReceiveProbe
{
    public const string Description = "BTCPay Server Flash plugin: checking what this Flash server supports (this invoice is never paid)";

    public static readonly string DescriptionHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Description)));

    /// <returns>The invoice Flash made, or why it made none.</returns>
    public static async Task<(BOLT11PaymentRequest? Invoice, FlashApiException? Refusal)> TryAsync(
        FlashApiClient publicApi, Wallet wallet, TimeSpan askedExpiry, CancellationToken cancellation)
    {
        // Asked for at most a day: a store's longer checkout is not what an invoice probe has to prove.
        var minutes = FlashInvoiceTerms.ExpiresInMinutes(askedExpiry < TimeSpan.FromDays(1) ? askedExpiry : TimeSpan.FromDays(1));
        try
        {
            var created = wallet.IsDollar
                ? await publicApi.CreateUsdInvoiceOnBehalfOfRecipientAsync(new LnUsdInvoiceCreateOnBehalfOfRecipientInput
                {
                    RecipientWalletId = wallet.Id, Amount = 1, DescriptionHash = DescriptionHash, ExpiresIn = minutes,
                }, cancellation)
                : await publicApi.CreateInvoiceOnBehalfOfRecipientAsync(new LnInvoiceCreateOnBehalfOfRecipientInput
                {
                    RecipientWalletId = wallet.Id, Amount = 1, DescriptionHash = DescriptionHash, ExpiresIn = minutes,
                }, cancellation);
            return (Bolt11PaymentRequests.DecodeOnItsNetwork(created.PaymentRequest), null);
        }
        catch (FlashApiException e) when (e is not Auth.FlashReconnectRequiredException)
        {
            return (null, e);
        }
        catch (FormatException e)
        {
            return (null, new FlashProtocolException($"Flash's test invoice is not a valid BOLT 11 invoice ({e.Message})", "", httpStatus: null));
        }
    }

    /// <summary>
    /// True when Flash said plainly that the wallet cannot receive (its "does not support" refusal), rather than
    /// failing for a reason of the moment: only that refuses a connection.
    /// </summary>
    public static bool CannotReceive(Wallet wallet, FlashApiException? refusal) =>
        refusal is FlashPayloadErrorException refused
        && (refused.Errors.Any(e => e.Message.Contains("not support", StringComparison.OrdinalIgnoreCase)) || !wallet.IsDollar && refused.Codes.Count == 0);
}
