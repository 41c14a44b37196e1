using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using Flash.MockServer.Auth;
using NBitcoin;

namespace BTCPayServer.Plugins.Flash.Tests.ConnectionStrings;

public class FlashConnectionStringTests
{
    private static readonly string Token = FlashTokenFormat.Generate();
    private static readonly string Key = ApiKeyFormat.Generate().Key;
    private const string Blob = "CfDJ8N0tARealLookingProtectedBlob_with-base64url";

    [Fact]
    public void Reads_a_complete_string()
    {
        var text = $"type=flash;server=https://api.test.flashapp.me/graphql;api-token-protected={Blob};api-token-expires=2027-11-25T10:00:00Z;wallet-id=abc-123;currency=usd";

        Assert.True(FlashConnectionString.TryParse(text, Network.Main, out var connection, out var error), error);

        Assert.Equal("https://api.test.flashapp.me/graphql", connection!.Endpoints!.GraphQL.ToString());
        Assert.Equal("wss://ws.test.flashapp.me/graphql", connection.Endpoints!.WebSocket.ToString());
        Assert.Equal(Blob, connection.ProtectedToken);
        Assert.Null(connection.PlainToken);
        Assert.Equal(new DateTimeOffset(2027, 11, 25, 10, 0, 0, TimeSpan.Zero), connection.TokenExpiresAt);
        Assert.Equal("abc-123", connection.WalletId);
        Assert.Equal(WalletCurrency.USD, connection.Currency);
    }

    [Fact]
    public void Mainnet_defaults_to_Flash_public_api()
    {
        Assert.True(FlashConnectionString.TryParse($"type=flash;api-token={Key}", Network.Main, out var connection, out _));
        Assert.Equal("https://api.flashapp.me/graphql", connection!.Endpoints!.GraphQL.ToString());
        Assert.Equal("wss://ws.flashapp.me/graphql", connection.Endpoints!.WebSocket.ToString());
        Assert.Equal(Key[3..11], connection.PlainToken!.KeyId);
    }

    [Fact]
    public void Loopback_may_use_plain_http_and_keeps_its_host_for_websockets()
    {
        Assert.True(FlashConnectionString.TryParse($"type=flash;server=http://127.0.0.1:5080/graphql;api-token={Token}", Network.RegTest, out var connection, out var error), error);
        Assert.Equal("ws://127.0.0.1:5080/graphql", connection!.Endpoints!.WebSocket.ToString());
    }

    [Theory]
    [InlineData("type=lnd-rest;server=https://lnd:8080;macaroon=abc")]
    [InlineData("type=clightning;server=unix://root/.lightning/lightning-rpc")]
    [InlineData("type=charge;server=https://charge:9112;api-token=xyz")]
    [InlineData("server=https://somewhere;type=eclair;password=x")]
    [InlineData("unix://root/.lightning/lightning-rpc")]
    [InlineData("")]
    public void Other_types_are_not_ours_and_get_no_error(string text)
    {
        Assert.False(FlashConnectionString.TryParse(text, Network.Main, out var connection, out var error));
        Assert.Null(connection);
        Assert.Null(error);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "type=flash", "api-token-protected" },
        { "type=flash;api-token=", "No API token" },
        { $"type=flash;api-token={Token};api-token-protected={Blob}", "exactly one of" },
        { $"type=flash;connection=store1;api-token-protected={Blob}", "exactly one of" },
        { "type=flash;connection=", "connection must be" },
        { "type=flash;connection=store1", "go together" },
        { "type=flash;connection=store1;connection-key=short", "connection-key is damaged" },
        { $"type=flash;api-token={Token};connection-key=AAAAAAAAAAAAAAAAAAAAAA", "go together" },
        { "type=flash;connection=../other-store", "connection must be" },
        { $"type=flash;connection={Token};connection-key=AAAAAAAAAAAAAAAAAAAAAA", "connection must be the id of a store, not a token or key: copy the whole connection string from the store's Flash settings" },
        { $"type=flash;connection={Key[..64]};connection-key=AAAAAAAAAAAAAAAAAAAAAA", "connection must be the id of a store, not a token or key: copy the whole connection string from the store's Flash settings" },
        { "type=flash;connection=ory_st_c2Vzc2lvbi10b2tlbi1mb3ItdGVzdHMtb25seQ;connection-key=AAAAAAAAAAAAAAAAAAAAAA", "connection must be the id of a store, not a token or key: copy the whole connection string from the store's Flash settings" },
        { "type=flash;api-token=ory_st_thisisasessiontokennotanapitoken", "session token is not an API token" },
        { $"type=flash;api-token={Token[..^1]}", "wrong length" },
        { $"type=flash;api-token={Token[..^1]}{(Token[^1] == 'a' ? 'b' : 'a')}", "checksum" },
        { "type=flash;api-token=fk_1234", "format" },
        { "type=flash;api-token-protected=short", "damaged" },
        { "type=flash;api-token-protected=has spaces and ; semicolons but long enough", "malformed" },
        { $"type=flash;api-token-protected={Blob}!!", "damaged" },
        { $"type=flash;api-token={Token};server=https://api.shop.example/graphql;ws-server=ws://127.0.0.1:2375/any/path", "ws-server must be on the same host as server (api.shop.example) or its WebSocket twin (ws.shop.example)" },
        { $"type=flash;api-token={Token};server=https://api.shop.example/graphql;ws-server=wss://evil.example/graphql", "ws-server must be on the same host as server (api.shop.example) or its WebSocket twin (ws.shop.example)" },
        { $"type=flash;api-token={Token};server=not a url", "server must be" },
        { $"type=flash;api-token={Token};server=https://api.flash\uea1c.example/graphql", "server must be the absolute http(s) URL of Flash's GraphQL endpoint, without user name or password" },
        { $"type=flash;api-token={Token};server=https://api.flash.example/graphql;ws-server=wss://ws.flash\uea1c.example/graphql", "ws-server must be the absolute ws(s) URL of Flash's WebSocket endpoint" },
        { $"type=flash;api-token={Token};server=/graphql", "server must be" },
        { $"type=flash;api-token={Token};server=ftp://api.flashapp.me/graphql", "server must be" },
        { $"type=flash;api-token={Token};server=https://user:pass@api.flashapp.me/graphql", "without user name" },
        { $"type=flash;api-token={Token};server=http://api.flashapp.me/graphql", "must use https" },
        { $"type=flash;api-token={Token};server=https://api.flashapp.me/graphql;ws-server=http://ws.flashapp.me", "ws-server must be" },
        { $"type=flash;api-token={Token};server=https://api.flashapp.me/graphql;ws-server=ws://ws.flashapp.me/graphql", "must use wss" },
        { $"type=flash;api-token={Token};server=https://api.flashapp.me/graphql;ws-server=nonsense", "ws-server must be" },
        { $"type=flash;api-token={Token};allowinsecure=yes", "allowinsecure must be" },
        { $"type=flash;api-token={Token};currency=EUR", "currency must be" },
        { $"type=flash;api-token={Token};currency=1", "currency must be" },
        { $"type=flash;api-token={Token};wallet-id=", "wallet-id must be" },
        { $"type=flash;api-token={Token};wallet-id=../../etc", "wallet-id must be" },
        { $"type=flash;api-token={Token};wallet-id={new string('a', 65)}", "wallet-id must be" },
        { $"type=flash;api-token={Token};api-token-expires=next tuesday", "api-token-expires must be" },
        { $"type=flash;api-token={Token};apitoken=x", "unknown key 'apitoken'" },
        { $"type=flash;api-token={Token};{Token}=x", "unknown key '(not shown)'" },
        { $"type=flash;api-token={Token};server", "malformed" },
        { $"type=flash;api-token={Token};api-token={Token}", "malformed" },
        { $"type=flash;type=flash;api-token={Token}", "malformed" },
        { $"TYPE=FLASH;api-token={Token};server=https://api.flashapp.me/graphql;server=https://x/graphql", "malformed" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_flash_strings_get_a_sentence_naming_the_problem_and_never_the_token(string text, string expected)
    {
        Assert.False(FlashConnectionString.TryParse(text, Network.Main, out var connection, out var error));
        Assert.Null(connection);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token[6..30], error, StringComparison.Ordinal);
        Assert.DoesNotContain(Blob, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BTC,USD")]
    [InlineData("USD,BTC")]
    [InlineData("BTC, USD")]
    [InlineData("usd,usd")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("U SD")]
    [InlineData("USDT")]
    [InlineData("EUR")]
    [InlineData("BTC|USD")]
    public void A_currency_is_exactly_one_of_the_names(string currency)
    {
        Assert.False(FlashConnectionString.TryParse($"type=flash;api-token={Token};currency={currency}", Network.Main, out var connection, out var error));

        Assert.Null(connection);
        Assert.Equal("currency must be BTC or USD", error);
    }

    [Theory]
    [InlineData("BTC", WalletCurrency.BTC)]
    [InlineData("btc", WalletCurrency.BTC)]
    [InlineData("Btc", WalletCurrency.BTC)]
    [InlineData("USD", WalletCurrency.USD)]
    [InlineData("usd", WalletCurrency.USD)]
    [InlineData(" USD", WalletCurrency.USD)]
    [InlineData("USD ", WalletCurrency.USD)]
    public void A_currency_name_is_read_in_any_case_and_written_back_as_the_name(string currency, WalletCurrency expected)
    {
        // Surrounding spaces go with the key=value parsing, as for every other key.
        Assert.True(FlashConnectionString.TryParse($"type=flash;api-token-protected={Blob};currency={currency}", Network.Main, out var connection, out var error), error);

        Assert.Equal(expected, connection!.Currency);
        Assert.EndsWith($";currency={expected}", connection.ToConnectionString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_connection_is_referred_to_without_any_secret_in_the_string()
    {
        var text = "type=flash;server=https://api.flashapp.me/graphql;connection=Store_42-x;connection-key=AAAAAAAAAAAAAAAAAAAAAA";
        Assert.True(FlashConnectionString.TryParse(text, Network.Main, out var connection, out var error), error);

        Assert.Equal("Store_42-x", connection!.ConnectionId);
        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAA", connection.ConnectionKey);
        Assert.Null(connection.ProtectedToken);
        Assert.Null(connection.PlainToken);
        Assert.Equal(text, connection.ToConnectionString());
    }

    [Fact]
    public void Outside_mainnet_the_server_is_required()
    {
        Assert.False(FlashConnectionString.TryParse($"type=flash;api-token={Token}", Network.RegTest, out _, out var error));
        Assert.Contains("server is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Onion_and_explicitly_allowed_http_servers_are_accepted()
    {
        Assert.True(FlashConnectionString.TryParse($"type=flash;api-token={Token};server=http://flashxyz.onion/graphql", Network.Main, out _, out var onion), onion);
        Assert.True(FlashConnectionString.TryParse($"type=flash;api-token={Token};server=http://flash.lan/graphql;allowinsecure=true", Network.Main, out var lan, out var error), error);
        Assert.True(lan!.AllowInsecure);
    }

    [Fact]
    public void Writing_out_keeps_only_the_protected_token_and_round_trips()
    {
        var connection = new FlashConnectionString
        {
            Endpoints = FlashEndpoints.For(new Uri("https://api.flashapp.me/graphql")),
            ProtectedToken = Blob,
            TokenExpiresAt = new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero),
            WalletId = "w1",
            Currency = WalletCurrency.BTC,
        };

        var text = connection.ToConnectionString();
        Assert.True(FlashConnectionString.TryParse(text, Network.Main, out var again, out var error), error);

        Assert.Equal(connection, again);
        Assert.Throws<InvalidOperationException>(() => (connection with { ProtectedToken = null, PlainToken = global::BTCPayServer.Plugins.Flash.Auth.FlashApiToken.Parse(Token) }).ToConnectionString());
        Assert.DoesNotContain(Blob, connection.ToString(), StringComparison.Ordinal);
    }
}
