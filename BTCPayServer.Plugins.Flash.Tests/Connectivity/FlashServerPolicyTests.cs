using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BTCPayServer.Plugins.Flash.Connectivity;
using Microsoft.Extensions.Options;
using static BTCPayServer.Plugins.Flash.Tests.Connectivity.ServerAddressRefusals;

namespace BTCPayServer.Plugins.Flash.Tests.Connectivity;

/// <summary>
/// BTCPay's rule for lightning servers, applied to the Flash page: who may point a store at which address, decided
/// before any connection, with names looked up (through a scripted resolver here) only when they are public names.
/// </summary>
public sealed class FlashServerPolicyTests
{
    /// <summary>A made-up Tor v3 service name: 56 base32 characters.</summary>
    internal const string OnionLabel = "ujzdegxdncf32epf3dhodzdocis2jhtlgmxgedn73u55xtplpft7v4se";

    private const string NoTorProxy =
        "This BTCPay Server has no Tor proxy configured, so it cannot reach .onion addresses: use Flash's https address, or ask the server's administrator to set up Tor (socksendpoint).";

    private const string HttpsOnly = "Flash's address must start with https:// (plain http is allowed only for this machine and .onion addresses)";

    private readonly ScriptedResolver _dns = new();

    public static TheoryData<string, string> LocalServers => new()
    {
        { "https://127.0.0.1/graphql", "127.0.0.1" },
        { "http://127.0.0.1:4002/graphql", "127.0.0.1" },
        { "https://127.5.5.5/graphql", "127.5.5.5" },
        { "https://[::1]/graphql", "::1" },
        { "https://10.1.2.3/graphql", "10.1.2.3" },
        { "https://172.16.0.1/graphql", "172.16.0.1" },
        { "https://172.31.255.255/graphql", "172.31.255.255" },
        { "https://192.168.1.1/graphql", "192.168.1.1" },
        { "https://169.254.169.254/graphql", "169.254.169.254" },
        { "https://100.64.0.1/graphql", "100.64.0.1" },
        { "https://0.0.0.0/graphql", "0.0.0.0" },
        { "https://[fd00::1]/graphql", "fd00::1" },
        { "https://[fe80::1]/graphql", "fe80::1" },
        { "https://[::ffff:10.0.0.1]/graphql", "::ffff:10.0.0.1" },
        { "https://[::ffff:127.0.0.1]/graphql", "::ffff:127.0.0.1" },
        // Written the other ways Uri reads as 127.0.0.1.
        { "https://2130706433/graphql", "127.0.0.1" },
        { "https://0x7f.1/graphql", "127.0.0.1" },
        { "https://localhost/graphql", "localhost" },
        { "http://localhost:4002/graphql", "localhost" },
        { "https://flash/graphql", "flash" },
        { "https://api.internal/graphql", "api.internal" },
        { "https://shop.local/graphql", "shop.local" },
        { "https://nas.lan/graphql", "nas.lan" },
        { "https://api.local./graphql", "api.local" },
        { "https://NAS.LAN/graphql", "nas.lan" },
    };

    public static TheoryData<string> LoopbackOverHttp => new()
    {
        "http://127.0.0.1:4002/graphql",
        "http://127.5.5.5/graphql",
        "http://[::1]:4002/graphql",
        "http://localhost:4002/graphql",
    };

    [Theory]
    [MemberData(nameof(LocalServers))]
    public async Task A_local_address_or_name_is_refused_to_a_user_who_may_not_modify_server_settings(string server, string host)
    {
        var refusal = await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: false);

        Assert.Equal(Local(host), refusal);
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [MemberData(nameof(LocalServers))]
    public async Task A_local_address_or_name_over_https_is_allowed_to_a_server_administrator(string server, string host)
    {
        var https = new UriBuilder(server) { Scheme = "https", Port = -1 }.Uri;

        var refusal = await Policy().RefusalAsync(https, mayReachLocalNetwork: true);

        Assert.Null(refusal);
        Assert.Equal(host, FlashServerAddress.HostOf(https));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [MemberData(nameof(LoopbackOverHttp))]
    public async Task Plain_http_to_this_machine_is_allowed_to_a_server_administrator_only(string server)
    {
        var administrator = await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: true);
        var storeUser = await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: false);

        Assert.Null(administrator);
        Assert.Equal(Local(FlashServerAddress.HostOf(new Uri(server))), storeUser);
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData("http://10.1.2.3/graphql")]
    [InlineData("http://192.168.1.1:4002/graphql")]
    [InlineData("http://nas.lan/graphql")]
    public async Task Plain_http_to_another_machine_of_the_local_network_is_refused_even_to_a_server_administrator(string server)
    {
        Assert.Equal(HttpsOnly, await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: true));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData("https://8.8.8.8/graphql")]
    [InlineData("https://1.1.1.1:8443/graphql")]
    [InlineData("https://[2606:4700:4700::1111]/graphql")]
    public async Task A_public_address_is_allowed_to_everyone_without_a_lookup(string server)
    {
        Assert.Null(await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: false));
        Assert.Empty(_dns.Asked);
    }

    [Fact]
    public async Task Plain_http_to_a_public_address_is_refused()
    {
        Assert.Equal(HttpsOnly, await Policy().RefusalAsync(new Uri("http://8.8.8.8/graphql"), mayReachLocalNetwork: false));
        Assert.Equal(HttpsOnly, await Policy().RefusalAsync(new Uri("http://8.8.8.8/graphql"), mayReachLocalNetwork: true));
    }

    [Fact]
    public async Task A_public_name_is_looked_up_and_allowed_when_all_its_addresses_are_public()
    {
        _dns.Answer("api.flashapp.me", "34.117.12.34", "2600:1901:0:1234::");

        var refusal = await Policy().RefusalAsync(new Uri("https://API.flashapp.me/graphql"), mayReachLocalNetwork: false);

        Assert.Null(refusal);
        Assert.Equal(["api.flashapp.me"], _dns.Asked);
    }

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.0.10")]
    [InlineData("fd12:3456::1")]
    public async Task A_public_name_with_one_local_address_among_public_ones_is_refused(string local)
    {
        _dns.Answer("flash.example.com", "93.184.216.34", local, "2606:2800:220:1::");

        var storeUser = await Policy().RefusalAsync(new Uri("https://flash.example.com/graphql"), mayReachLocalNetwork: false);
        var administrator = await Policy().RefusalAsync(new Uri("https://flash.example.com/graphql"), mayReachLocalNetwork: true);

        Assert.Equal(Local("flash.example.com"), storeUser);
        Assert.Null(administrator);
        Assert.Equal(["flash.example.com", "flash.example.com"], _dns.Asked);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_said_so()
    {
        _dns.Answer("empty.example.com");

        var unknown = await Policy().RefusalAsync(new Uri("https://nowhere.example.com/graphql"), mayReachLocalNetwork: false);
        var empty = await Policy().RefusalAsync(new Uri("https://empty.example.com/graphql"), mayReachLocalNetwork: true);

        Assert.Equal("Could not find the Flash server nowhere.example.com: check the address.", unknown);
        Assert.Equal("Could not find the Flash server empty.example.com: check the address.", empty);
        Assert.Equal(["nowhere.example.com", "empty.example.com"], _dns.Asked);
    }

    [Fact]
    public async Task A_literal_with_a_trailing_dot_is_refused_like_the_literal_with_the_system_resolver()
    {
        // Uri reads "127.0.0.1." as a name; the system resolver answers a literal without asking DNS.
        var policy = new FlashServerPolicy(Options.Create(new FlashTorOptions()));

        Assert.Equal(Local("127.0.0.1"), await policy.RefusalAsync(new Uri("https://127.0.0.1./graphql"), mayReachLocalNetwork: false));
    }

    [Theory]
    [InlineData("ftp://api.flashapp.me/graphql")]
    [InlineData("https://user:password@api.flashapp.me/graphql")]
    [InlineData("file:///etc/passwd")]
    public async Task Anything_but_an_http_address_without_user_info_is_refused(string server)
    {
        Assert.Equal("Enter the https address of Flash's GraphQL API, e.g. https://api.flashapp.me/graphql",
            await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: true));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData("http://evilonion/graphql")]
    [InlineData("http://flash-onion/graphql")]
    public async Task A_host_that_merely_ends_in_onion_is_not_an_onion_address(string server)
    {
        var uri = new Uri(server);

        var refusal = await Policy(socks: "127.0.0.1:9050").RefusalAsync(uri, mayReachLocalNetwork: false);

        Assert.False(FlashServerAddress.IsOnion(uri));
        Assert.Equal(Local(uri.Host), refusal);
        Assert.Empty(_dns.Asked);
    }

    [Fact]
    public async Task A_name_with_onion_inside_it_is_an_ordinary_name_and_looked_up()
    {
        var uri = new Uri($"https://{OnionLabel}.onion.attacker.example/graphql");
        _dns.Answer(uri.Host, "10.9.8.7");

        var refusal = await Policy(socks: "127.0.0.1:9050").RefusalAsync(uri, mayReachLocalNetwork: false);

        Assert.False(FlashServerAddress.IsOnion(uri));
        Assert.Equal(Local(uri.Host), refusal);
        Assert.Equal([uri.Host], _dns.Asked);
    }

    [Theory]
    [InlineData("http://abc.onion/graphql", "abc.onion")]
    [InlineData("http://" + OnionLabel + "x.onion/graphql", OnionLabel + "x.onion")]
    [InlineData("http://ujzdegxdncf32epf3dhodzdocis2jhtlgmxgedn73u55xtplpft7v4s.onion/graphql", "ujzdegxdncf32epf3dhodzdocis2jhtlgmxgedn73u55xtplpft7v4s.onion")]
    // 0, 1, 8 and 9 are not base32 digits.
    [InlineData("http://ujzdegxdncf32epf3dhodzdocis2jhtlgmxgedn73u55xtplpft7v401.onion/graphql", "ujzdegxdncf32epf3dhodzdocis2jhtlgmxgedn73u55xtplpft7v401.onion")]
    [InlineData("http://" + OnionLabel + ".abc.onion/graphql", OnionLabel + ".abc.onion")]
    public async Task An_onion_host_without_a_v3_service_name_is_refused_without_a_lookup(string server, string host)
    {
        var expected = $"{host} is not a valid onion address: a Tor v3 address has 56 letters and digits before .onion.";

        Assert.Equal(expected, await Policy(socks: "127.0.0.1:9050").RefusalAsync(new Uri(server), mayReachLocalNetwork: true));
        Assert.Equal(expected, await Policy().RefusalAsync(new Uri(server), mayReachLocalNetwork: false));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_v3_onion_address_without_a_Tor_proxy_is_refused_without_a_lookup(bool mayReachLocalNetwork)
    {
        var server = new Uri($"http://{OnionLabel}.onion/graphql");

        Assert.True(FlashServerAddress.IsValidOnion(server));
        Assert.Equal(NoTorProxy, await Policy().RefusalAsync(server, mayReachLocalNetwork));
        Assert.Equal(NoTorProxy, await Policy(socks: "  ").RefusalAsync(server, mayReachLocalNetwork));
        Assert.Equal(NoTorProxy, await Policy(socks: "tor:port").RefusalAsync(server, mayReachLocalNetwork));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData("http://" + OnionLabel + ".onion/graphql")]
    [InlineData("https://" + OnionLabel + ".onion/graphql")]
    [InlineData("http://API." + OnionLabel + ".ONION./graphql")]
    public async Task A_v3_onion_address_with_BTCPay_s_Tor_proxy_is_allowed_to_everyone_without_a_lookup(string server)
    {
        var policy = Policy(socks: "127.0.0.1:9050");

        Assert.Null(await policy.RefusalAsync(new Uri(server), mayReachLocalNetwork: false));
        Assert.Null(await policy.RefusalAsync(new Uri(server), mayReachLocalNetwork: true));
        Assert.Empty(_dns.Asked);
    }

    [Theory]
    [InlineData("127.0.0.1:9050", "socks5://127.0.0.1:9050")]
    [InlineData(" 127.0.0.1:9150 ", "socks5://127.0.0.1:9150")]
    [InlineData("tor", "socks5://tor:9050")]
    [InlineData("tor:9150", "socks5://tor:9150")]
    [InlineData("[::1]:9050", "socks5://[::1]:9050")]
    [InlineData("[::1]", "socks5://[::1]:9050")]
    public void The_socks_endpoint_is_read_as_BTCPay_reads_it(string setting, string proxy)
    {
        var onion = new Uri($"http://{OnionLabel}.onion/graphql");

        var read = new FlashTorOptions { SocksEndpoint = setting }.Proxy();

        Assert.NotNull(read);
        Assert.Equal(new Uri(proxy), read.GetProxy(onion));
        Assert.False(read.IsBypassed(onion));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a host")]
    [InlineData("tor:port")]
    [InlineData("tor:0")]
    [InlineData("tor:70000")]
    [InlineData("[::1")]
    [InlineData(":9050")]
    [InlineData("socks5://127.0.0.1:9050")]
    public void No_proxy_comes_from_a_missing_or_malformed_socks_endpoint(string? setting) =>
        Assert.Null(new FlashTorOptions { SocksEndpoint = setting }.Proxy());

    [Fact]
    public async Task A_servers_websocket_twin_is_checked_too_when_it_is_another_name()
    {
        _dns.Answer("api.shop.example", "93.184.216.34");
        _dns.Answer("ws.shop.example", "10.0.0.7");
        var endpoints = BTCPayServer.Plugins.Flash.Connectivity.FlashEndpoints.For(new Uri("https://api.shop.example/graphql"));

        var refusal = await Policy().RefusalAsync(endpoints, mayReachLocalNetwork: false);

        Assert.Equal("Flash's WebSocket address ws.shop.example cannot be used: " + Local("ws.shop.example"), refusal);
        Assert.Null(await Policy().RefusalAsync(endpoints, mayReachLocalNetwork: true));
    }

    [Fact]
    public async Task A_name_DNS_cannot_look_up_at_all_is_not_found_rather_than_an_error()
    {
        var tooLong = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com";

        var refusal = await new FlashServerPolicy(Options.Create(new FlashTorOptions())).RefusalAsync(new Uri($"https://{tooLong}/graphql"), mayReachLocalNetwork: false);

        Assert.Equal($"Could not find the Flash server {tooLong}: check the address.", refusal);
    }

    private FlashServerPolicy Policy(string? socks = null) =>
        new(Options.Create(new FlashTorOptions { SocksEndpoint = socks }), _dns.ResolveAsync);

    /// <summary>Answers lookups from a script and keeps every name it was asked; an unknown name is "host not found".</summary>
    private sealed class ScriptedResolver
    {
        private readonly ConcurrentDictionary<string, IPAddress[]> _answers = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _asked = new();

        public IReadOnlyList<string> Asked => [.. _asked];

        public void Answer(string name, params string[] addresses) => _answers[name] = [.. addresses.Select(IPAddress.Parse)];

        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellation)
        {
            _asked.Enqueue(name);
            return _answers.TryGetValue(name, out var addresses)
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }
}
