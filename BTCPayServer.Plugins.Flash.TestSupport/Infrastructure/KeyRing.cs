using Microsoft.AspNetCore.DataProtection;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>A real, file-backed DataProtection key ring in a temporary folder, like BTCPay's data directory.</summary>
internal sealed class KeyRing : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("flash-keys-");

    public KeyRing() => Provider = Open();

    public IDataProtectionProvider Provider { get; }

    /// <summary>The same keys opened again, as after a BTCPay restart.</summary>
    public IDataProtectionProvider Open() =>
        DataProtectionProvider.Create(_folder, builder => builder.SetApplicationName("BTCPay Server"));

    public void Dispose() => _folder.Delete(recursive: true);
}
