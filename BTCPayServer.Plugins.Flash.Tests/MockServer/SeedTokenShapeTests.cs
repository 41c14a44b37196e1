using System.Net;
using System.Security.Cryptography;
using System.Text;
using Flash.MockServer.Auth;
using Flash.MockServer.Hosting;
using Flash.MockServer.Storage;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>
/// The mock issuing <c>flash_</c> tokens as Flash's unmerged API token branch does (no checksum, SHA-256 of the part
/// after the prefix stored), and verifying both shapes on every request whichever it issues.
/// </summary>
public sealed class SeedTokenShapeTests : IDisposable
{
    private const string Me = "{ me { id } }";
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"flash-mock-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task In_the_seed_branch_shape_tokens_are_issued_and_stored_as_the_branch_does()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.SeedTokenShape = SeedTokenShape.SeedBranch);

        var token = await CredentialFlows.TokenAsync(mock, ["read", "write"]);

        Assert.Matches("^flash_[A-Za-z0-9_-]{43}$", token);
        var stored = Assert.Single(await mock.Server.Services.Credentials.ListAsync(mock.Server.Demo.AccountId, CredentialKind.Token, CancellationToken.None));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token["flash_".Length..])), stored.SecretHash);
        var me = await mock.Http.WithBearerAsync(token, Me);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(mock.Server.Demo.AccountId, me.Data!["me"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotation_in_the_seed_branch_shape_issues_the_same_shape()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.SeedTokenShape = SeedTokenShape.SeedBranch);
        var payload = await CredentialFlows.CreateTokenOverWebSocketAsync(mock, new { name = "rotating", scopes = new[] { "read" } });
        var admin = await CredentialFlows.TokenAsync(mock, ["admin"], name: "admin");

        var rotated = (await mock.Http.WithBearerAsync(admin, "mutation($id: String!) { apiTokenRotate(input: { id: $id }) { apiToken { token } errors { message } } }",
            new { id = payload["apiToken"]!["id"]!.GetValue<string>() })).Data!["apiTokenRotate"]!["apiToken"]!["token"]!.GetValue<string>();

        Assert.Matches("^flash_[A-Za-z0-9_-]{43}$", rotated);
        Assert.Equal(HttpStatusCode.OK, (await mock.Http.WithBearerAsync(rotated, Me)).Status);
    }

    [Fact]
    public async Task Tokens_of_both_shapes_keep_working_whichever_shape_the_server_issues_now()
    {
        string checksummed, bare;
        await using (var first = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.DatabasePath = _database))
            checksummed = await CredentialFlows.TokenAsync(first, ["read"], name: "checksummed");
        await using (var second = await MockServerHarness.StartAsync(TokenDialect.Seed, o => { o.DatabasePath = _database; o.SeedTokenShape = SeedTokenShape.SeedBranch; }))
        {
            bare = await CredentialFlows.TokenAsync(second, ["read"], name: "bare");
            Assert.Equal(HttpStatusCode.OK, (await second.Http.WithBearerAsync(checksummed, Me)).Status);
            Assert.Equal(HttpStatusCode.OK, (await second.Http.WithBearerAsync(bare, Me)).Status);
        }
        await using var third = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.DatabasePath = _database);

        Assert.Equal(FlashTokenFormat.Length, checksummed.Length);
        Assert.Equal(FlashTokenFormat.SeedBranchLength, bare.Length);
        Assert.Equal(HttpStatusCode.OK, (await third.Http.WithBearerAsync(checksummed, Me)).Status);
        Assert.Equal(HttpStatusCode.OK, (await third.Http.WithBearerAsync(bare, Me)).Status);
    }

    [Fact]
    public async Task A_mistyped_seed_branch_token_is_unknown_and_one_that_is_not_32_bytes_is_malformed()
    {
        await using var mock = await MockServerHarness.StartAsync(TokenDialect.Seed, o => o.SeedTokenShape = SeedTokenShape.SeedBranch);
        var token = await CredentialFlows.TokenAsync(mock, ["read"]);
        // Position 20 carries six whole bits of the random bytes, so any other letter there is still a 32-byte token.
        var typo = token[..20] + (token[20] == 'x' ? 'y' : 'x') + token[21..];
        var notThirtyTwoBytes = token[..^1] + "B";

        var unknown = await mock.Http.WithBearerAsync(typo, Me);
        var malformed = await mock.Http.WithBearerAsync(notThirtyTwoBytes, Me);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, malformed.Status);
        var denials = (await mock.Server.Services.Audit.ReadAsync(null, null, CancellationToken.None)).Where(e => e.Event == "denied").Select(e => e.Detail);
        Assert.Equal([nameof(CredentialRejection.Unknown), nameof(CredentialRejection.Malformed)], denials);
        Assert.DoesNotContain(token[6..], unknown.Body, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_database + suffix);
    }
}
