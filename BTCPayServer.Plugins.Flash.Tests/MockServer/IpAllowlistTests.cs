using System.Net;
using Flash.MockServer.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

public class IpAllowlistTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.9.9.9", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.9.9.9", true)]
    [InlineData("::ffff:10.0.0.0/104", "11.9.9.9", false)]
    [InlineData("10.0.0.0/8", "::1", false)]
    [InlineData("::1", "127.0.0.1", false)]
    public void Matches_ranges_of_either_family(string range, string address, bool allowed)
    {
        Assert.True(IpAllowlist.TryParse([range], out var allowlist, out _));
        Assert.Equal(allowed, allowlist.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void An_unknown_address_is_refused_when_a_list_exists()
    {
        Assert.True(IpAllowlist.TryParse(["0.0.0.0/0"], out var allowlist, out _));
        Assert.False(allowlist.Allows(null));
    }

    [Fact]
    public void No_list_means_anywhere() => Assert.True(IpAllowlist.Anywhere.Allows(null));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not-an-ip")]
    [InlineData("10.0.0.0/")]
    [InlineData("")]
    public void Malformed_ranges_are_rejected_with_a_reason(string range)
    {
        Assert.False(IpAllowlist.TryParse([range], out _, out var error));
        Assert.Contains("not an IP address or CIDR range", error, StringComparison.Ordinal);
    }
}
