using System.Globalization;
using Flash.MockServer.CashWallet;
using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Flash.MockServer.GraphQL;

/// <summary><c>me</c>, wallets and balances, <c>cashWalletCutover</c>, <c>globals</c> and <c>realtimePrice</c>.</summary>
internal sealed class AccountResolvers(MockServices services)
{
    public void Register(SchemaBuilder builder)
    {
        builder.Types.For("Query").FieldFor("me").Resolver = new FuncFieldResolver<UserView>(async ctx =>
        {
            var account = await services.Accounts.GetAsync(ctx.AccountId(), ctx.CancellationToken);
            return account is null ? null : ToView(account);
        });
        // Wallets and the default wallet as Flash presents them to this client: a cut-over account shows its USDT wallet
        // only to clients that declare they can show one (src/graphql/public/types/object/consumer-account.ts).
        builder.Types.For("User").FieldFor("defaultAccount").Resolver = new FuncFieldResolver<AccountView>(async ctx =>
        {
            var user = (UserView)ctx.Source!;
            var account = await services.Accounts.GetAsync(user.AccountId, ctx.CancellationToken);
            if (account is null)
                return null;
            var presentation = await services.CashWallets.PresentAsync(account, ctx.Request().ShowsUsdtCashWallet, ctx.CancellationToken);
            return new AccountView(account.Id, presentation.DefaultWalletId,
                presentation.Wallets.Select(w => new WalletView(w.Id, w.AccountId, w.Currency.ToString(), presentation.BalanceOf(w))).ToList());
        });
        builder.Types.For("Query").FieldFor("cashWalletCutover").Resolver = new FuncFieldResolver<CashWalletCutoverView>(_ =>
            new CashWalletCutoverView(CashWalletCutover.GraphQLName(services.CashWallets.State)));
        builder.Types.For("ConsumerAccount").FieldFor("realtimePrice").Resolver = new FuncFieldResolver<RealtimePriceView>(_ => RealtimePrice());
        builder.Types.For("Query").FieldFor("realtimePrice").Resolver = new FuncFieldResolver<RealtimePriceView>(_ => RealtimePrice());
        builder.Types.For("Query").FieldFor("globals").Resolver = new FuncFieldResolver<GlobalsView>(_ =>
            new GlobalsView(services.Node.NetworkName, [services.Node.NodeId], "flash.mock"));
    }

    public static UserView ToView(Account account) =>
        new(account.Id, account.CreatedAt.ToUnixTimeSeconds(), account.Username, account.Id);

    private RealtimePriceView RealtimePrice() => new(
        "USD-" + services.Prices.BtcUsd.ToString(CultureInfo.InvariantCulture),
        "USD",
        services.Clock.GetUtcNow().ToUnixTimeSeconds(),
        new PriceView(services.Prices.SatPriceBase, PriceService.Offset, "USDCENT"),
        new PriceView((long)Math.Pow(10, PriceService.Offset), PriceService.Offset, "USDCENT"));
}
