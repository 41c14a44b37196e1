using System.Text.Json;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

/// <summary>
/// BTCPay Server's projects in submodules/btcpayserver build with BTCPay's own settings: this repository's
/// Directory.Build.props (central package versions, warnings as errors, latest analyzers) would make them fail, and
/// BTCPay has no Directory.Build.props of its own to stop MSBuild's search. A project placed under submodules/ is
/// evaluated as BTCPay's would be.
/// </summary>
public class SubmoduleBuildSettingsTests
{
    [Fact]
    public void A_project_under_submodules_takes_none_of_this_repository_s_build_settings()
    {
        var probe = Directory.CreateDirectory(Repository.PathOf("submodules", $".settings-probe-{Guid.NewGuid():N}"));
        try
        {
            var project = Path.Combine(probe.FullName, "Probe.csproj");
            File.WriteAllText(project, """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """);

            var properties = Evaluate(project, "FlashRepoRoot", "ManagePackageVersionsCentrally", "TreatWarningsAsErrors", "CentralPackageTransitivePinningEnabled");

            Assert.Equal("", properties["FlashRepoRoot"]);
            Assert.Equal("", properties["ManagePackageVersionsCentrally"]);
            Assert.NotEqual("true", properties["TreatWarningsAsErrors"]);
            Assert.Equal("", properties["CentralPackageTransitivePinningEnabled"]);
        }
        finally
        {
            probe.Delete(recursive: true);
        }
    }

    [Fact]
    public void This_repository_s_own_projects_keep_their_settings()
    {
        var properties = Evaluate(Repository.PathOf("BTCPayServer.Plugins.Flash", "BTCPayServer.Plugins.Flash.csproj"),
            "ManagePackageVersionsCentrally", "TreatWarningsAsErrors");

        Assert.Equal("true", properties["ManagePackageVersionsCentrally"]);
        Assert.Equal("true", properties["TreatWarningsAsErrors"]);
    }

    private static Dictionary<string, string> Evaluate(string project, params string[] names)
    {
        var output = DotnetCli.Run(["msbuild", project, "-nologo", "-nodeReuse:false", .. names.Select(n => "-getProperty:" + n)]);
        using var json = JsonDocument.Parse(output);
        return names.ToDictionary(n => n, n => json.RootElement.GetProperty("Properties").GetProperty(n).GetString() ?? "");
    }
}
