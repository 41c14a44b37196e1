using System;
using System.Reflection;
using BTCPayServer.Abstractions.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Abstractions.Models;

/// <summary>
/// Plugin metadata read from the plugin assembly, as BTCPay does: identifier = assembly name,
/// name = [AssemblyProduct], version = [AssemblyInformationalVersion], description = [AssemblyDescription].
/// </summary>
public abstract class BaseBTCPayServerPlugin : IBTCPayServerPlugin
{
    public virtual string Identifier => PluginAssembly.GetName().Name;

    public virtual string Name => PluginAssembly.GetCustomAttribute<AssemblyProductAttribute>()?.Product ?? "???";

    public virtual Version Version =>
        ParseVersion(PluginAssembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion)
        ?? PluginAssembly.GetName().Version
        ?? new Version(1, 0, 0, 0);

    public virtual string Description => PluginAssembly.GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description ?? string.Empty;

    public bool SystemPlugin { get; set; }

    public virtual IBTCPayServerPlugin.PluginDependency[] Dependencies { get; } = Array.Empty<IBTCPayServerPlugin.PluginDependency>();

    public virtual void Execute(IApplicationBuilder applicationBuilder, IServiceProvider applicationBuilderApplicationServices)
    {
    }

    public virtual void Execute(IServiceCollection applicationBuilder)
    {
    }

    private Assembly PluginAssembly => GetType().Assembly;

    private static Version ParseVersion(string informationalVersion) =>
        Version.TryParse(informationalVersion, out var version) ? version : null;
}
