using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// <c>lnInvoiceFeeProbe</c> (BTC wallets, sats) and <c>lnUsdInvoiceFeeProbe</c> (USD and USDT wallets, cents): what
/// paying an invoice would cost. Flash today answers only the USD one; its BTC probe is a NotImplementedError.
/// </summary>
internal sealed class FeeProbeResolvers(MockServices services)
{
    public void Register(SchemaBuilder builder)
    {
        var mutation = builder.Types.For("Mutation");
        mutation.FieldFor("lnInvoiceFeeProbe").Resolver = new FuncFieldResolver<SatAmountPayload>(async ctx =>
        {
            var (wallet, error) = await PayerAsync(ctx, dollar: false);
            if (error is not null)
                return new SatAmountPayload(null, error);
            var estimate = await services.Invoices.ProbeFeeAsync(wallet!, ctx.Input().RequiredString("paymentRequest"), ctx.CancellationToken);
            return estimate.ErrorMessage is null
                ? new SatAmountPayload((long)estimate.Fee, ResolverContext.NoErrors)
                : new SatAmountPayload(null, ResolverContext.Error(estimate.ErrorMessage, estimate.ErrorCode!));
        });
        mutation.FieldFor("lnUsdInvoiceFeeProbe").Resolver = new FuncFieldResolver<CentAmountPayload>(async ctx =>
        {
            var (wallet, error) = await PayerAsync(ctx, dollar: true);
            if (error is not null)
                return new CentAmountPayload(null, null, error);
            // As Flash does: a legacy USD wallet id of a cut-over account probes from the wallet that holds the money.
            var payer = await services.CashWallets.RouteAsync(wallet!, ctx.CancellationToken);
            var estimate = await services.Invoices.ProbeFeeAsync(payer, ctx.Input().RequiredString("paymentRequest"), ctx.CancellationToken);
            return estimate.ErrorMessage is null
                ? new CentAmountPayload(estimate.Fee, estimate.InvoiceAmount, ResolverContext.NoErrors)
                : new CentAmountPayload(null, null, ResolverContext.Error(estimate.ErrorMessage, estimate.ErrorCode!));
        });
    }

    /// <summary>The caller's wallet named in the input, or the payload error; the BTC probe is refused where Flash refuses it.</summary>
    private async Task<(Wallet? Wallet, IReadOnlyList<ApplicationError>? Error)> PayerAsync(IResolveFieldContext ctx, bool dollar)
    {
        var wallet = await services.Accounts.GetWalletAsync(ctx.Input().RequiredString("walletId"), ctx.CancellationToken);
        if (wallet is null || wallet.AccountId != ctx.AccountId())
            return (null, ResolverContext.Error("Wallet not found", "INVALID_INPUT"));
        if (!dollar && !services.Options.BtcWalletsSupported)
            throw new FlashResolverError(FlashResolverError.BtcFeeProbeUnsupported, FlashResolverError.InternalServerError);
        if (wallet.IsDollar != dollar)
            return (null, ResolverContext.Error(dollar ? "This mutation expects a USD wallet" : "This mutation expects a BTC wallet; use the USD variant for USD wallets", "INVALID_WALLET_CURRENCY"));
        return (wallet, null);
    }
}
