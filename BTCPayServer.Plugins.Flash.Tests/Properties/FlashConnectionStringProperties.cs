using BTCPayServer.Plugins.Flash.ConnectionStrings;
using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi.Models;
using CsCheck;
using NBitcoin;
using Xunit.Abstractions;

namespace BTCPayServer.Plugins.Flash.Tests.Properties;

/// <summary>
/// The Lightning connection-string parser (<see cref="FlashConnectionString.TryParse"/>, what BTCPay's handler calls)
/// against generated strings: it never throws, answers with a connection or an error sentence, shows no secret it
/// was given, and reads what it writes back to the same connection.
/// </summary>
public sealed class FlashConnectionStringProperties(ITestOutputHelper output)
{
    private static readonly Network[] Networks = [Network.Main, Network.TestNet, Network.RegTest];

    private static readonly string[] Keys =
        ["type", "server", "ws-server", "api-token", "api-token-protected", "connection", "connection-key", "api-token-expires", "wallet-id", "currency", "allowinsecure"];

    private static Gen<string> Id(int min, int max) =>
        Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].Array[min, max].Select(c => new string(c));

    private static readonly Gen<string> Label = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 10].Select(c => new string(c));

    /// <summary>Hosts of every kind the parser treats differently: Flash-like api. names, plain names, loopback, onion.</summary>
    private static readonly Gen<(string Host, bool Local)> Host = Gen.OneOf(
        Label.Array[1, 3].Select(labels => ("api." + string.Join('.', labels) + ".example", false)),
        Label.Array[1, 3].Select(labels => (string.Join('.', labels) + ".test", false)),
        Label.Select(label => (label + ".onion", true)),
        Gen.OneOf(("127.0.0.1", true), ("localhost", true), ("[::1]", true), ("127.5.6.7", true)));

    private static readonly Gen<string> Path = Gen.OneOf(
        Gen.Const("/graphql"),
        Gen.Const("/"),
        Gen.String[Gen.Char["abcXYZ019-._~"], 1, 12].Array[1, 3].Select(segments => "/" + string.Join('/', segments)),
        Gen.OneOf("/graph%20ql", "/a%3Bb", "/a%3Db", "/%7Eflash", "/v1/graphql?x=1", "/graphql#top"));

    private static readonly Gen<(FlashEndpoints Endpoints, bool AllowInsecure)> Endpoints =
        from host in Host
        from secure in Gen.Bool
        from port in Gen.Int[1, 65535].Nullable()
        from path in Path
        from allowInsecure in Gen.Bool
        from webSocket in Gen.Int[0, 2]
        from webSocketPath in Path
        let scheme = secure ? "https" : "http"
        let graphQL = new Uri($"{scheme}://{host.Host}{(port is { } p ? $":{p}" : "")}{path}")
        let derived = FlashEndpoints.DeriveWebSocket(graphQL)
        let ws = webSocket switch
        {
            0 => derived,
            1 => new UriBuilder(graphQL) { Scheme = secure ? "wss" : "ws", Path = webSocketPath, Query = "", Fragment = "" }.Uri,
            _ => new UriBuilder(derived) { Path = webSocketPath, Query = "", Fragment = "" }.Uri,
        }
        select (new FlashEndpoints(graphQL, ws), allowInsecure || (!secure && !host.Local));

    private static readonly Gen<DateTimeOffset> Expiry =
        Gen.Long[DateTimeOffset.UnixEpoch.ToUnixTimeSeconds(), new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()]
            .Select(DateTimeOffset.FromUnixTimeSeconds);

    /// <summary>Every connection the plugin writes out: a protected token or a saved connection's reference, and options.</summary>
    private static readonly Gen<(FlashConnectionString Connection, Network Network)> Written =
        from endpoints in Endpoints.Nullable()
        from reference in Gen.Bool
        from blob in Id(16, 120)
        // A store id as BTCPay makes them: never one that starts like a credential, which the parser refuses there.
        from connectionId in Id(1, 64).Where(id => !new[] { "flash_", "fk_", "ory_st_" }.Any(p => id.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        from connectionKey in Id(16, 64)
        from expires in Expiry.Nullable()
        from walletId in Id(1, 64).Null()
        from currency in Gen.OneOf(WalletCurrency.BTC, WalletCurrency.USD).Nullable()
        from network in Gen.OneOf(Networks)
        let byReference = reference || endpoints is null
        select (new FlashConnectionString
        {
            Endpoints = endpoints?.Endpoints,
            ProtectedToken = byReference ? null : blob,
            ConnectionId = byReference ? connectionId : null,
            ConnectionKey = byReference ? connectionKey : null,
            TokenExpiresAt = expires,
            WalletId = walletId,
            Currency = currency,
            AllowInsecure = endpoints?.AllowInsecure ?? false,
        }, network);

    /// <summary>Strings of pairs with known and unknown keys, each key's value well-formed or not, in any order.</summary>
    private static readonly Gen<string> Pairs =
        from pairs in Gen.Select(
                Gen.Frequency((8, Gen.OneOf(Keys)), (1, Gen.String[TextMutations.Character, 0, 12])),
                Gen.Frequency((3, Gen.String[TextMutations.Character, 0, 30]), (3, Id(0, 70)), (2, Gen.OneOf("flash", "FLASH", "true", "false", "BTC", "usd", "2027-01-31T12:00:00Z", "https://api.flashapp.me/graphql", "wss://ws.flashapp.me/graphql", "http://127.0.0.1:5080/graphql")), (1, Secrets.Any)),
                (key, value) => $"{key}={value}")
            .Array[0, 8]
        from type in Gen.OneOf("type=flash", "TYPE=Flash", " type = flash ", "type=lnd-rest", "")
        from at in Gen.Int[0, 8]
        select string.Join(";", pairs.Take(Math.Min(at, pairs.Length)).Append(type).Concat(pairs.Skip(Math.Min(at, pairs.Length))));

    /// <summary>Server addresses with any characters in the host, as a damaged or pasted address has.</summary>
    private static readonly Gen<string> Addresses =
        from scheme in Gen.OneOf("https", "http")
        from label in Gen.String[TextMutations.Character, 1, 8]
        from webSocket in Gen.OneOf("wss://ws.", "ws://ws.", "wss://api.", "wss://")
        from otherLabel in Gen.Frequency((1, Gen.Const(label)), (1, Gen.String[TextMutations.Character, 1, 8]))
        select $"type=flash;server={scheme}://api.{label}.example/graphql;ws-server={webSocket}{otherLabel}.example/graphql;api-token-protected=CfDJ8AAAAAAAAAAAAAAAAA";

    private static readonly Gen<string> AnyString = Gen.Frequency(
        (1, Gen.String),
        (3, Pairs),
        (1, Addresses),
        (4, TextMutations.Of(Written.Select(w => w.Connection.ToConnectionString()))),
        (1, Written.Select(w => w.Connection.ToConnectionString())));

    [Fact]
    public void No_string_makes_the_parser_throw_and_every_accepted_one_writes_out_and_reads_back_the_same()
    {
        var input = Gen.Select(AnyString, Gen.OneOf(Networks));
        new PropertyRun(output, "connection-string parser, any string", 10_000).Check(input, test =>
        {
            var (text, network) = test;
            var accepted = FlashConnectionString.TryParse(text, network, out var connection, out var error);

            Assert.Equal(accepted, connection is not null);
            if (!accepted)
                return error is null ? "not a Flash string" : "error";
            Assert.Null(error);
            Assert.False(string.IsNullOrWhiteSpace(connection!.ToString()));
            if (connection.PlainToken is not null)
                return "accepted (plain token)";
            Assert.True(FlashConnectionString.TryParse(connection.ToConnectionString(), network, out var again, out var againError), againError);
            // The string keeps the expiry to the second (what Flash reports); a pasted fraction of a second is dropped.
            Assert.Equal(connection with { TokenExpiresAt = WholeSeconds(connection.TokenExpiresAt) }, again);
            return "accepted, written, read back";
        }, print: test => $"{test.Item2}: {PropertyRun.Escape(test.Item1)}");
    }

    [Fact]
    public void No_error_and_no_connection_text_shows_a_secret_placed_anywhere_in_the_string()
    {
        var placed =
            from secret in Secrets.Any
            from written in Written
            from place in Gen.Int[0, Keys.Length + 5]
            from damage in Gen.Bool
            from damaged in TextMutations.Of(Gen.Const(secret))
            // Damaged only where a token belongs: elsewhere a cut-off token is just an id, as any store id may be.
            let value = damage && Keys.ElementAtOrDefault(place) == "api-token" ? damaged : secret
            select (Secret: secret, Network: written.Network, Text: Place(written.Connection.ToConnectionString(), place, value));

        new PropertyRun(output, "connection-string parser, secrets", 5_000).Check(placed, test =>
        {
            var accepted = FlashConnectionString.TryParse(test.Text, test.Network, out var connection, out var error);

            Secrets.AssertNotIn(test.Secret, error, "The error");
            Secrets.AssertNotIn(test.Secret, connection?.ToString(), "The connection's ToString()");
            return accepted ? "accepted" : error is null ? "not a Flash string" : "error";
        }, print: test => $"{test.Network}: {PropertyRun.Escape(test.Text)}");
    }

    [Fact]
    public void Every_connection_the_plugin_writes_reads_back_to_the_same_fields()
    {
        new PropertyRun(output, "connection-string parser, round trip", 5_000).Check(Written, test =>
        {
            var text = test.Connection.ToConnectionString();

            Assert.True(FlashConnectionString.TryParse(text, test.Network, out var connection, out var error), $"{error}: {text}");
            Assert.Equal(test.Connection, connection);
            Assert.Equal(text, connection!.ToConnectionString());
            return test.Connection.ConnectionId is null ? "protected token" : "saved connection";
        }, print: test => $"{test.Network}: {test.Connection.ToConnectionString()}");
    }

    [Fact]
    public void Every_pasted_token_reads_back_as_itself()
    {
        var pasted =
            from token in Gen.OneOf(Secrets.BareApiToken, Secrets.ChecksummedApiToken, Secrets.ApiKey)
            from endpoints in Endpoints.Nullable()
            from network in Gen.OneOf(Networks)
            let server = endpoints is { } e ? $";server={e.Endpoints.GraphQL};ws-server={e.Endpoints.WebSocket}{(e.AllowInsecure ? ";allowinsecure=true" : "")}" : ""
            select (Token: token, Endpoints: endpoints?.Endpoints, Network: endpoints is null ? Network.Main : network, Text: $"type=flash;api-token={token}{server}");

        new PropertyRun(output, "connection-string parser, pasted tokens", 3_000).Check(pasted, test =>
        {
            Assert.True(FlashConnectionString.TryParse(test.Text, test.Network, out var connection, out var error), error);

            Assert.Equal(test.Token, connection!.PlainToken!.Value);
            Assert.Equal(test.Endpoints ?? FlashEndpoints.For(FlashConnectionString.MainnetServer), connection.Endpoints);
            Assert.Null(connection.ProtectedToken);
            Assert.Null(connection.ConnectionId);
            return connection.PlainToken.Kind.ToString();
        }, print: test => $"{test.Network}: {PropertyRun.Escape(test.Text)}");
    }

    private static DateTimeOffset? WholeSeconds(DateTimeOffset? time) =>
        time is { } t ? DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds()) : null;

    /// <summary>The secret as one key's value (replacing or adding it), as a key, as a bare part, or inside the server URL.</summary>
    private static string Place(string text, int place, string secret)
    {
        if (place < Keys.Length)
        {
            var key = Keys[place];
            var parts = text.Split(';').Where(part => !part.StartsWith(key + "=", StringComparison.Ordinal));
            return string.Join(';', parts.Append($"{key}={secret}"));
        }
        return (place - Keys.Length) switch
        {
            0 => $"{text};{secret}=x",
            1 => $"{text};{secret}",
            2 => $"{text};note={secret}",
            3 => $"type=flash;server=https://api.flashapp.me/graphql?token={secret};api-token-protected=AAAAAAAAAAAAAAAAAAAA",
            4 => $"type=flash;server=https://{secret}@api.flashapp.me/graphql;api-token-protected=AAAAAAAAAAAAAAAAAAAA",
            _ => $"{secret};{text}",
        };
    }
}
