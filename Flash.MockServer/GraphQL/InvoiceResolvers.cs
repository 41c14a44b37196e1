using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Flash.MockServer.GraphQL;

/// <summary>Invoice creation (BTC, USD, no-amount, on behalf of a recipient), payment, status and subscriptions.</summary>
internal sealed class InvoiceResolvers(MockServices services)
{
    public void Register(SchemaBuilder builder)
    {
        var mutation = builder.Types.For("Mutation");
        mutation.FieldFor("lnInvoiceCreate").Resolver = Create(recipient: false, InvoiceAmount.Sats);
        mutation.FieldFor("lnUsdInvoiceCreate").Resolver = Create(recipient: false, InvoiceAmount.Cents);
        mutation.FieldFor("lnNoAmountInvoiceCreate").Resolver = Create(recipient: false, InvoiceAmount.None);
        mutation.FieldFor("lnInvoiceCreateOnBehalfOfRecipient").Resolver = Create(recipient: true, InvoiceAmount.Sats);
        mutation.FieldFor("lnUsdInvoiceCreateOnBehalfOfRecipient").Resolver = Create(recipient: true, InvoiceAmount.Cents);
        mutation.FieldFor("lnInvoicePaymentSend").Resolver = new FuncFieldResolver<PaymentSendPayload>(SendAsync);

        builder.Types.For("Query").FieldFor("lnInvoicePaymentStatus").Resolver = new FuncFieldResolver<PaymentStatusPayload>(async ctx =>
        {
            var invoice = await services.Invoices.FindByRequestAsync(ctx.Input().RequiredString("paymentRequest"), ctx.CancellationToken);
            return invoice is null ? UnknownInvoice : new PaymentStatusPayload(services.Invoices.StatusOf(invoice), ResolverContext.NoErrors);
        });

        var subscriptions = new InvoiceSubscriptions(services);
        var subscription = builder.Types.For("Subscription");
        subscription.FieldFor("lnInvoicePaymentStatus").StreamResolver = new SourceStreamResolver<PaymentStatusPayload>(subscriptions.PaymentStatus);
        subscription.FieldFor("lnInvoicePaymentStatus").Resolver = new FuncFieldResolver<object>(ctx => ctx.Source);
        subscription.FieldFor("myUpdates").StreamResolver = new SourceStreamResolver<MyUpdatesPayload>(subscriptions.MyUpdates);
        subscription.FieldFor("myUpdates").Resolver = new FuncFieldResolver<object>(ctx => ctx.Source);
    }

    public static PaymentStatusPayload UnknownInvoice { get; } = new(null, ResolverContext.Error("Invoice not found", "NOT_FOUND"));

    private enum InvoiceAmount
    {
        Sats,
        Cents,
        None,
    }

    private FuncFieldResolver<object> Create(bool recipient, InvoiceAmount amount) => new(async ctx =>
    {
        var btcRefused = amount == InvoiceAmount.Sats && !services.Options.BtcWalletsSupported;
        // Flash's on-behalf-of resolver refuses before reading its input; lnInvoiceCreate only after the gateway's
        // check that the wallet is the caller's (src/servers/middlewares/wallet-id.ts).
        if (btcRefused && recipient)
            throw new FlashResolverError(FlashResolverError.BtcWalletsUnsupported, FlashResolverError.InternalServerError);
        var input = ctx.Input();
        var walletId = input.RequiredString(recipient ? "recipientWalletId" : "walletId");
        var wallet = await services.Accounts.GetWalletAsync(walletId, ctx.CancellationToken);
        if (wallet is null || (!recipient && wallet.AccountId != ctx.AccountId()))
            return Failure(amount, "Wallet not found", "INVALID_INPUT");
        if (btcRefused)
            throw new FlashResolverError(FlashResolverError.BtcWalletsUnsupported, FlashResolverError.InternalServerError);
        if (amount == InvoiceAmount.Cents)
            wallet = await services.CashWallets.RouteAsync(wallet, ctx.CancellationToken);
        switch (amount)
        {
            case InvoiceAmount.Sats when wallet.IsDollar:
                return Failure(amount, "This mutation expects a BTC wallet; use the USD variant for USD wallets", "INVALID_WALLET_CURRENCY");
            case InvoiceAmount.Cents when !wallet.IsDollar:
                return Failure(amount, "This mutation expects a USD wallet", "INVALID_WALLET_CURRENCY");
        }
        var sats = amount == InvoiceAmount.Sats ? input.Long("amount") : null;
        var cents = amount == InvoiceAmount.Cents ? input.Decimal("amount") : null;
        if (sats is 0 || cents is <= 0)
            return Failure(amount, "Amount must be positive", "INVALID_INPUT");
        var descriptionHash = input.String("descriptionHash") is { } hex ? Convert.FromHexString(hex) : null;
        var invoice = await services.Invoices.CreateAsync(
            new InvoiceOrder(wallet, sats, cents, input.String("memo"), descriptionHash, input.Long("expiresIn")), ctx.CancellationToken);
        var view = new LnInvoiceView(invoice.PaymentHash, invoice.PaymentRequest, invoice.PaymentSecret, invoice.AmountMsat / 1000);
        return amount == InvoiceAmount.None ? new NoAmountInvoicePayload(view, ResolverContext.NoErrors) : new InvoicePayload(view, ResolverContext.NoErrors);
    });

    private static object Failure(InvoiceAmount amount, string message, string code) =>
        amount == InvoiceAmount.None
            ? new NoAmountInvoicePayload(null, ResolverContext.Error(message, code))
            : new InvoicePayload(null, ResolverContext.Error(message, code));

    private async ValueTask<PaymentSendPayload?> SendAsync(IResolveFieldContext ctx)
    {
        var input = ctx.Input();
        var accountId = ctx.AccountId();
        var wallet = await services.Accounts.GetWalletAsync(input.RequiredString("walletId"), ctx.CancellationToken);
        if (wallet is null || wallet.AccountId != accountId)
            return new PaymentSendPayload("FAILURE", ResolverContext.Error("Wallet not found", "INVALID_INPUT"));
        var key = input.String("idempotencyKey");
        if (key is not null && await services.Payments.ClaimAsync(accountId, key, ctx.CancellationToken) is { } earlier)
            return new PaymentSendPayload(earlier, ResolverContext.NoErrors);
        var outcome = await services.Invoices.PayAsync(wallet, input.RequiredString("paymentRequest"), ctx.CancellationToken);
        if (key is not null)
            await services.Payments.CompleteAsync(accountId, key, outcome.Status, ctx.CancellationToken);
        return new PaymentSendPayload(outcome.Status,
            outcome.ErrorMessage is null ? ResolverContext.NoErrors : ResolverContext.Error(outcome.ErrorMessage, outcome.ErrorCode!));
    }
}
