using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.MockServer.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

public sealed class ApiTokenHeaderSourceTests : IDisposable
{
    private readonly KeyRing _keys = new();

    [Fact]
    public async Task Two_hundred_concurrent_first_calls_share_one_decryption()
    {
        var token = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var counting = new CountingDataProtectionProvider(_keys.Provider);
        var protector = new ApiTokenProtector(counting);
        var source = ApiTokenHeaderSource.ForProtectedToken(protector.Protect(token), protector, "api.flashapp.me");
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await source.Source(CancellationToken.None);
        })).ToList();
        start.Set();
        var headers = await Task.WhenAll(calls);

        Assert.Equal(1, counting.Unprotects);
        Assert.All(headers, h => Assert.Equal(token.ToAuthHeader(), h));
    }

    [Fact]
    public async Task A_warm_call_allocates_nothing_and_does_not_decrypt()
    {
        var counting = new CountingDataProtectionProvider(_keys.Provider);
        var protector = new ApiTokenProtector(counting);
        var token = FlashApiToken.Parse(ApiKeyFormat.Generate().Key);
        var source = ApiTokenHeaderSource.ForProtectedToken(protector.Protect(token), protector, "api.flashapp.me");
        await source.Source(CancellationToken.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            _ = await source.Source(CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1, counting.Unprotects);
    }

    [Fact]
    public async Task A_lost_key_ring_fails_every_call_with_the_same_reconnect_error_and_one_attempt()
    {
        var token = FlashApiToken.Parse(FlashTokenFormat.Generate());
        var blob = new ApiTokenProtector(_keys.Provider).Protect(token);
        using var otherKeys = new KeyRing();
        var counting = new CountingDataProtectionProvider(otherKeys.Provider);
        var source = ApiTokenHeaderSource.ForProtectedToken(blob, new ApiTokenProtector(counting), "api.flashapp.me");

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<FlashReconnectRequiredException>(async () => await source.Source(CancellationToken.None));
            Assert.Equal(ReconnectReason.KeyRingChanged, error.Reason);
        }
        Assert.Equal(1, counting.Unprotects);
    }

    public void Dispose() => _keys.Dispose();
}
