using Microsoft.AspNetCore.DataProtection;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>Real DataProtection, with a count of how often anything is decrypted.</summary>
internal sealed class CountingDataProtectionProvider(IDataProtectionProvider inner) : IDataProtectionProvider
{
    private int _unprotects;

    public int Unprotects => Volatile.Read(ref _unprotects);

    public IDataProtector CreateProtector(string purpose) => new Protector(this, inner.CreateProtector(purpose));

    private sealed class Protector(CountingDataProtectionProvider owner, IDataProtector inner) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => new Protector(owner, inner.CreateProtector(purpose));

        public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

        public byte[] Unprotect(byte[] protectedData)
        {
            Interlocked.Increment(ref owner._unprotects);
            return inner.Unprotect(protectedData);
        }
    }
}
