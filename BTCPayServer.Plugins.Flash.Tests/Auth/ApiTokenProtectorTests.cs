using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Flash.MockServer.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace BTCPayServer.Plugins.Flash.Tests.Auth;

public sealed class ApiTokenProtectorTests : IDisposable
{
    private readonly KeyRing _keys = new();
    private readonly FlashApiToken _token = FlashApiToken.Parse(FlashTokenFormat.Generate());

    [Fact]
    public void Round_trips_through_the_key_ring_and_survives_a_restart()
    {
        var blob = new ApiTokenProtector(_keys.Provider).Protect(_token);

        var afterRestart = new ApiTokenProtector(_keys.Open()).Unprotect(blob, "api.flashapp.me");

        Assert.Equal(_token.Value, afterRestart.Value);
        Assert.DoesNotContain(_token.Value[6..], blob, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+$", blob);
    }

    [Fact]
    public void A_lost_key_ring_is_a_reconnect_not_a_crash()
    {
        var blob = new ApiTokenProtector(_keys.Provider).Protect(_token);
        using var otherKeys = new KeyRing();

        var error = Assert.Throws<FlashReconnectRequiredException>(() => new ApiTokenProtector(otherKeys.Provider).Unprotect(blob, "api.flashapp.me"));

        Assert.Equal(ReconnectReason.KeyRingChanged, error.Reason);
        Assert.Contains("Reconnect Flash in the store settings", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(blob, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_purpose_cannot_read_the_token()
    {
        var blob = new ApiTokenProtector(_keys.Provider).Protect(_token);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => _keys.Provider.CreateProtector("some.other.purpose").Unprotect(blob));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public void Damaged_blobs_are_a_reconnect(string blob)
    {
        var error = Assert.Throws<FlashReconnectRequiredException>(() => new ApiTokenProtector(_keys.Provider).Unprotect(blob, "api.flashapp.me"));
        Assert.Contains(error.Reason, new[] { ReconnectReason.KeyRingChanged, ReconnectReason.TokenUnreadable });
    }

    [Fact]
    public void A_blob_holding_something_other_than_a_token_is_unreadable()
    {
        var blob = _keys.Provider.CreateProtector(ApiTokenProtector.Purpose).Protect("ory_st_a_session_token_is_not_an_api_token");

        var error = Assert.Throws<FlashReconnectRequiredException>(() => new ApiTokenProtector(_keys.Provider).Unprotect(blob, "api.flashapp.me"));

        Assert.Equal(ReconnectReason.TokenUnreadable, error.Reason);
        Assert.DoesNotContain("ory_st_", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _keys.Dispose();
}
