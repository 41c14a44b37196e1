using System.Reflection;
using BTCPayServer.Abstractions.Models;
using BTCPayServer.Lightning;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>
/// The stand-ins must expose exactly the upstream signatures recorded in compat/upstream-surface: a member
/// that drifts from upstream would compile here and fail to bind inside a real BTCPay Server.
/// </summary>
public class StandInSurfaceTests
{
    public static TheoryData<string> StandIns => new()
    {
        typeof(LightMoney).Assembly.GetName().Name!,
        typeof(BaseBTCPayServerPlugin).Assembly.GetName().Name!,
        typeof(BTCPayServer.Payments.Lightning.IExtendedLightningClient).Assembly.GetName().Name!,
        typeof(BTCPayServer.Client.Models.InvoiceStatus).Assembly.GetName().Name!,
    };

    /// <summary>Upstream compiles these with nullable reference types on: their annotations are part of the contract.</summary>
    private static readonly HashSet<string> NullableAware = [typeof(BTCPayServer.Payments.Lightning.IExtendedLightningClient).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(StandIns))]
    public void Stand_in_surface_equals_the_recorded_upstream_surface(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var actual = ApiSurface.Describe(assembly, nullability: NullableAware.Contains(assemblyName));
        var expected = File.ReadAllLines(Repository.PathOf("compat", "upstream-surface", assemblyName + ".txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var unexpected = actual.Except(expected, StringComparer.Ordinal).ToList();

        // Built against the real host (submodule mode), upstream may have more than the plugin uses.
        if (!IsStandIn(assembly))
            unexpected.Clear();

        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            $"Stand-in {assemblyName} drifted from upstream.\nMissing from the stand-in:\n  {string.Join("\n  ", missing)}\n" +
            $"Not in upstream's recorded surface:\n  {string.Join("\n  ", unexpected)}");
    }

    private static bool IsStandIn(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description.StartsWith("Stand-in", StringComparison.Ordinal) == true;

    [Fact]
    public void Host_assemblies_are_stand_ins_exactly_when_the_submodule_is_not_used() =>
        Assert.All([typeof(LightMoney).Assembly, typeof(BaseBTCPayServerPlugin).Assembly, typeof(BTCPayServer.Payments.Lightning.IExtendedLightningClient).Assembly,
                typeof(BTCPayServer.Client.Models.InvoiceStatus).Assembly],
            a => Assert.Equal(!Repository.UsesBTCPaySubmodule, IsStandIn(a)));

    [Fact]
    public void Surface_description_sees_signature_details_that_break_binding()
    {
        var lines = ApiSurface.Describe(typeof(LightMoney).Assembly);

        // Defaults, ref kinds, generic return types and enum values are all part of what is compared.
        Assert.Contains("BTCPayServer.Lightning.ILightningClient :: GetInvoice(System.String invoiceId, System.Threading.CancellationToken cancellation = default) : System.Threading.Tasks.Task<BTCPayServer.Lightning.LightningInvoice>", lines);
        Assert.Contains("BTCPayServer.Lightning.LightningConnectionStringHelper :: static ExtractValues(System.String connectionString, out System.String type) : System.Collections.Generic.Dictionary<System.String, System.String>", lines);
        Assert.Contains("BTCPayServer.Lightning.LightMoneyUnit :: BTC = 100000000000", lines);
        Assert.Contains("BTCPayServer.Lightning.LightMoney :: ToString(System.Boolean fplus, System.Boolean trimExcessZero = true) : System.String", lines);
    }
}
