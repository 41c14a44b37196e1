namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>A fresh folder for one test, deleted with everything in it afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("flash-test-");

    public string Path => _folder.FullName;

    public void Dispose()
    {
        if (_folder.Exists)
            _folder.Delete(recursive: true);
    }
}
