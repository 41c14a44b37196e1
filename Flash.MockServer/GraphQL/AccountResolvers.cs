using System.Globalization;
using Flash.MockServer.Hosting;
using Flash.MockServer.Lightning;
using Flash.MockServer.Storage;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Flash.MockServer.GraphQL;

/// <summary><c>me</c>, wallets and balances, <c>globals</c> and <c>realtimePrice</c>.</summary>
internal sealed class AccountResolvers(MockServices services)
{
    public void Register(SchemaBuilder builder)
    {
        builder.Types.For("Query").FieldFor("me").Resolver = new FuncFieldResolver<UserView>(async ctx =>
        {
            var account = await services.Accounts.GetAsync(ctx.AccountId(), ctx.CancellationToken);
            return account is null ? null : ToView(account);
        });
        builder.Types.For("User").FieldFor("defaultAccount").Resolver = new FuncFieldResolver<AccountView>(async ctx =>
        {
            var user = (UserView)ctx.Source!;
            var account = await services.Accounts.GetAsync(user.AccountId, ctx.CancellationToken);
            return account is null ? null : new AccountView(account.Id, account.DefaultWalletId);
        });
        builder.Types.For("ConsumerAccount").FieldFor("wallets").Resolver = new FuncFieldResolver<IEnumerable<WalletView>>(async ctx =>
        {
            var account = (AccountView)ctx.Source!;
            var wallets = await services.Accounts.GetWalletsAsync(account.Id, ctx.CancellationToken);
            return wallets.Select(ToView);
        });
        builder.Types.For("ConsumerAccount").FieldFor("realtimePrice").Resolver = new FuncFieldResolver<RealtimePriceView>(_ => RealtimePrice());
        builder.Types.For("Query").FieldFor("realtimePrice").Resolver = new FuncFieldResolver<RealtimePriceView>(_ => RealtimePrice());
        builder.Types.For("Query").FieldFor("globals").Resolver = new FuncFieldResolver<GlobalsView>(_ =>
            new GlobalsView(services.Node.NetworkName, [services.Node.NodeId], "flash.mock"));
    }

    public static UserView ToView(Account account) =>
        new(account.Id, account.CreatedAt.ToUnixTimeSeconds(), account.Username, account.Id);

    public static WalletView ToView(Wallet wallet) =>
        new(wallet.Id, wallet.AccountId, wallet.Currency.ToString(), wallet.Balance);

    private RealtimePriceView RealtimePrice() => new(
        "USD-" + services.Prices.BtcUsd.ToString(CultureInfo.InvariantCulture),
        "USD",
        services.Clock.GetUtcNow().ToUnixTimeSeconds(),
        new PriceView(services.Prices.SatPriceBase, PriceService.Offset, "USDCENT"),
        new PriceView((long)Math.Pow(10, PriceService.Offset), PriceService.Offset, "USDCENT"));
}
