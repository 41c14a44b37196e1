using System.Reflection;
using System.Runtime.Loader;

namespace Flash.PluginPacker;

/// <summary>
/// A plugin's own load context, as BTCPay Server builds it (its PluginManager loads every plugin with
/// <c>PreferSharedTypes = true</c>): an assembly the host can load is taken from the host, by simple name and whatever
/// its version, so host and plugin share BTCPay's types; only what the host lacks comes from the plugin's folder
/// (its deps.json first, then the folder itself). The plugin's own assembly is loaded from its file.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _mainAssemblyPath;
    private readonly string _directory;
    private readonly AssemblyDependencyResolver _resolver;

    /// <param name="mainAssemblyPath">The plugin's assembly, <c>plugins/{Identifier}/{Identifier}.dll</c> in BTCPay.</param>
    public PluginLoadContext(string mainAssemblyPath)
        : base(Path.GetFileNameWithoutExtension(mainAssemblyPath), isCollectible: false)
    {
        _mainAssemblyPath = Path.GetFullPath(mainAssemblyPath);
        _directory = Path.GetDirectoryName(_mainAssemblyPath)!;
        _resolver = new AssemblyDependencyResolver(_mainAssemblyPath);
    }

    public Assembly LoadPlugin() => LoadFromAssemblyPath(_mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name)
            return null;
        if (FromHost(name) is { } shared)
            return shared;
        if (_resolver.ResolveAssemblyToPath(assemblyName) is { } resolved && File.Exists(resolved))
            return LoadFromAssemblyPath(resolved);
        var beside = Path.Combine(_directory, name + ".dll");
        return File.Exists(beside) ? LoadFromAssemblyPath(beside) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static Assembly? FromHost(string name)
    {
        try
        {
            return Default.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
