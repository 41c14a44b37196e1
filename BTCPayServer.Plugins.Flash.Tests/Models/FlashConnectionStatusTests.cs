using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.Models;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.Models;

public sealed class FlashConnectionStatusTests : IDisposable
{
    private readonly KeyRing _keys = new();

    [Fact]
    public void A_saved_token_name_with_invisible_characters_is_shown_with_them_replaced()
    {
        var protector = new ApiTokenProtector(_keys.Provider);
        var connection = new FlashStoreConnection
        {
            ProtectedToken = protector.Protect(FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate())),
            TokenId = "tok_1",
            // Saved by an older version, which kept names from Flash as they came.
            TokenName = "BTCPay \u202Epohs\u202C\u200B",
        };

        var status = FlashConnectionStatus.From("store1", connection, protector, DateTimeOffset.UtcNow);

        Assert.Equal("BTCPay \uFFFDpohs\uFFFD\uFFFD", status.TokenName);
        Assert.Equal("BTCPay \u202Epohs\u202C\u200B", connection.TokenName);
    }

    [Theory]
    [InlineData(2_500, "2,500 requests a minute")]
    [InlineData(1, "1 request a minute")]
    [InlineData(null, "Flash's default (120 requests a minute on Flash today): reconnect Flash to choose a higher limit.")]
    public void The_status_card_says_the_token_s_rate_limit_in_plain_words(int? requestsPerMinute, string said)
    {
        var protector = new ApiTokenProtector(_keys.Provider);
        var connection = new FlashStoreConnection
        {
            ProtectedToken = protector.Protect(FlashApiToken.Parse(global::Flash.MockServer.Auth.FlashTokenFormat.Generate())),
            TokenId = "tok_1",
            RateLimitPerMinute = requestsPerMinute,
        };

        var status = FlashConnectionStatus.From("store1", connection, protector, DateTimeOffset.UtcNow);

        Assert.Equal(said, status.RateLimitInPlainWords);
    }

    public void Dispose() => _keys.Dispose();
}
