using BTCPayServer.Abstractions.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Plugins.Flash.Tests.Plugin;

/// <summary>What BTCPay Server reads from the plugin when it lists, loads and orders plugins.</summary>
public class FlashPluginTests
{
    private readonly IBTCPayServerPlugin _plugin = new FlashPlugin();

    [Fact]
    public void Identifier_is_the_assembly_name_BTCPay_uses_as_the_plugin_id() =>
        Assert.Equal("BTCPayServer.Plugins.Flash", _plugin.Identifier);

    [Fact]
    public void Name_version_and_description_come_from_the_project_file()
    {
        Assert.Equal("Flash", _plugin.Name);
        Assert.Equal(new Version(1, 0, 0), _plugin.Version);
        Assert.Contains("Flash", _plugin.Description, StringComparison.Ordinal);
        Assert.Contains("Lightning", _plugin.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Depends_on_the_net10_line_of_BTCPay_Server()
    {
        var dependency = Assert.Single(_plugin.Dependencies);
        Assert.Equal("BTCPayServer", dependency.Identifier);
        Assert.Equal(">=2.4.0", dependency.Condition);
    }

    [Fact]
    public void Is_not_a_system_plugin() => Assert.False(_plugin.SystemPlugin);

    [Fact]
    public void Execute_accepts_a_service_collection_and_rejects_null()
    {
        var services = new ServiceCollection();
        _plugin.Execute(services);
        Assert.Throws<ArgumentNullException>(() => _plugin.Execute((IServiceCollection)null!));
    }
}
