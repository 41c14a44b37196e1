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

    public void Dispose() => _keys.Dispose();
}
