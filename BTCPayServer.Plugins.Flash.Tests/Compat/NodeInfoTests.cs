using BTCPayServer.Lightning;

namespace BTCPayServer.Plugins.Flash.Tests.Compat;

public class NodeInfoTests
{
    private const string NodeId = "02eadbd9e7557375161df8b646776a547c5cbc2e95b3071ec81553f8ec2cea3b8c";

    [Theory]
    [InlineData(NodeId + "@127.0.0.1:9736", "127.0.0.1", 9736)]
    [InlineData(NodeId + "@example.com", "example.com", 9735)]
    [InlineData(NodeId + "@::1", "[::1]", 9735)]
    public void Parses_pubkey_host_and_port(string text, string host, int port)
    {
        var node = NodeInfo.Parse(text);
        Assert.Equal(NodeId, node.NodeId.ToHex());
        Assert.Equal(host, node.Host);
        Assert.Equal(port, node.Port);
    }

    [Theory]
    [InlineData("nohost")]
    [InlineData("zz@127.0.0.1")]
    [InlineData(NodeId + "@")]
    [InlineData(NodeId + "@host:notaport")]
    public void Rejects_malformed_node_uris(string text)
    {
        Assert.False(NodeInfo.TryParse(text, out _));
        Assert.Throws<FormatException>(() => NodeInfo.Parse(text));
    }
}
