using System.Reflection;
using Flash.MockServer.Hosting;
using GraphQL.Types;

namespace Flash.MockServer.GraphQL;

/// <summary>Builds the executable schema from the embedded SDL and wires each field to its resolver.</summary>
internal static class FlashSchemaFactory
{
    /// <summary>The part of Flash's public schema the mock serves.</summary>
    public static string FlashSdl { get; } = ReadResource("Flash.MockServer.schema.graphql");

    /// <summary>The API token service's operations and types (extensions of Query and Mutation).</summary>
    public static string SeedTokensSdl { get; } = ReadResource("Flash.MockServer.seed-tokens.graphql");

    /// <summary>The SDL a dialect serves: Flash today has no <c>apiToken*</c> operations at all.</summary>
    public static string SdlFor(TokenDialect dialect) => dialect == TokenDialect.Fip07 ? FlashSdl : FlashSdl + "\n" + SeedTokensSdl;

    public static ISchema Create(MockServices services)
    {
        var accounts = new AccountResolvers(services);
        var credentials = new CredentialResolvers(services);
        var invoices = new InvoiceResolvers(services);
        var feeProbes = new FeeProbeResolvers(services);
        var servesTokens = services.Options.Dialect != TokenDialect.Fip07;
        var schema = Schema.For(SdlFor(services.Options.Dialect), builder =>
        {
            accounts.Register(builder);
            credentials.RegisterApiKeys(builder);
            if (servesTokens)
                credentials.RegisterApiTokens(builder);
            invoices.Register(builder);
            feeProbes.Register(builder);
            builder.Types.For("GraphQLApplicationError").IsTypeOf<ApplicationError>();
            builder.Types.For("ConsumerAccount").IsTypeOf<AccountView>();
            builder.Types.For("BTCWallet").IsTypeOfFunc = o => o is WalletView { WalletCurrency: "BTC" };
            builder.Types.For("UsdWallet").IsTypeOfFunc = o => o is WalletView { WalletCurrency: "USD" };
            builder.Types.For("UsdtWallet").IsTypeOfFunc = o => o is WalletView { WalletCurrency: "USDT" };
            builder.Types.For("PriceOfOneSatInMinorUnit").IsTypeOf<PriceView>();
            builder.Types.For("PriceOfOneUsdCentInMinorUnit").IsTypeOf<PriceView>();
            builder.Types.For("LnUpdate").IsTypeOf<LnUpdateView>();
        });
        foreach (var scalar in FlashScalars.All())
            schema.RegisterType(scalar);
        OperationLimitRule.WeighIntrospectionLightly(schema);
        schema.Initialize();
        return schema;
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
