using Flash.MockServer.Auth;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

public class ScopesTests
{
    [Theory]
    [InlineData("admin", "read", true)]
    [InlineData("admin", "write", true)]
    [InlineData("admin", "admin", true)]
    [InlineData("write", "read", true)]
    [InlineData("write", "admin", false)]
    [InlineData("read", "write", false)]
    [InlineData("read", "read", true)]
    [InlineData("READ", "read", false)]
    [InlineData("owner", "read", false)]
    public void Seed_scopes_form_a_ladder(string granted, string required, bool expected) =>
        Assert.Equal(expected, Scopes.SeedGrants([granted], required));

    [Theory]
    [InlineData("write_wallet", "read_wallet", true)]
    [InlineData("read_wallet", "write_wallet", false)]
    [InlineData("write_wallet", "read_user", false)]
    [InlineData("write_user", "read_user", true)]
    [InlineData("admin", "write_transactions", true)]
    [InlineData("read_transactions", "read_transactions", true)]
    [InlineData("write_bogus", "read_bogus", false)]
    [InlineData("admin", "bogus", false)]
    public void Api_key_scopes_imply_read_from_write_and_all_from_admin(string granted, string required, bool expected) =>
        Assert.Equal(expected, Scopes.ApiKeyGrants([granted], required));

    [Fact]
    public void No_scope_grants_nothing()
    {
        Assert.False(Scopes.SeedGrants([], Scopes.Read));
        Assert.False(Scopes.ApiKeyGrants([], Scopes.ReadUser));
    }
}
