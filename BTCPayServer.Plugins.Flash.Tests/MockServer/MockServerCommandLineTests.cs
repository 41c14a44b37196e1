using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>The mock as a person runs it: a process that prints where it listens and a demo session token, and stops when told.</summary>
public sealed class MockServerCommandLineTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly Regex HttpUrl = UrlPattern("http");
    private static readonly Regex WebSocketUrl = UrlPattern("ws");
    private static readonly Regex SessionToken = new(@"session token: (\S+)$", RegexOptions.CultureInvariant);

    [Fact]
    public async Task Prints_its_urls_and_the_demo_session_token_and_serves_them()
    {
        using var process = ServerProcess.Start("Flash.MockServer.dll", "--dialect", "fip07", "--db", ":memory:", "--urls", "http://127.0.0.1:0");

        var http = (await process.WaitForLineAsync(HttpUrl, StartTimeout)).Value;
        await process.WaitForLineAsync(WebSocketUrl, StartTimeout);
        var session = (await process.WaitForLineAsync(SessionToken, StartTimeout)).Groups[1].Value;

        Assert.StartsWith("ory_st_", session, StringComparison.Ordinal);
        using var probe = new GraphQLHttpProbe(new Uri(http));
        var me = await probe.WithBearerAsync(session, "{ me { username } }");
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("demo", me.Data!["me"]!["username"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ServerProcess.SIGTERM)]
    [InlineData(ServerProcess.SIGINT)]
    public async Task A_signal_stops_it_within_seconds_with_exit_code_0_after_closing_its_websockets(int signal)
    {
        using var process = ServerProcess.Start("Flash.MockServer.dll", "--db", ":memory:", "--urls", "http://127.0.0.1:0");
        var ws = (await process.WaitForLineAsync(WebSocketUrl, StartTimeout)).Value;
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(new Uri(ws), null);

        process.Signal(signal);

        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, await socket.ReceiveCloseAsync());
        Assert.Equal("Server shutting down", socket.CloseDescription);
        await socket.CompleteCloseAsync();
        Assert.True(await process.WaitForExitAsync(StopTimeout), $"Still running {StopTimeout.TotalSeconds} s after signal {signal}. Output:\n{process.Output}");
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Rejects_unknown_options_with_exit_code_2()
    {
        using var process = ServerProcess.Start("Flash.MockServer.dll", "--dialect", "nonsense");

        Assert.True(await process.WaitForExitAsync(StartTimeout));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("flash-mock: --dialect must be seed, fip07 or both", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issues_tokens_in_the_seed_branch_shape_when_asked()
    {
        using var process = ServerProcess.Start("Flash.MockServer.dll", "--dialect", "seed", "--seed-token-shape", "seed-branch", "--db", ":memory:", "--urls", "http://127.0.0.1:0");

        await process.WaitForLineAsync(new Regex("dialect Seed, flash_ tokens SeedBranch,", RegexOptions.CultureInvariant), StartTimeout);
        var http = (await process.WaitForLineAsync(HttpUrl, StartTimeout)).Value;
        var ws = (await process.WaitForLineAsync(WebSocketUrl, StartTimeout)).Value;
        var session = (await process.WaitForLineAsync(SessionToken, StartTimeout)).Groups[1].Value;
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(new Uri(ws), session);
        await socket.SubscribeAsync("1", CredentialFlows.CreateTokenMutation, new { input = new { name = "command line", scopes = new[] { "read" } } });
        var token = (await socket.ReceiveAsync("1", "next"))["payload"]!["data"]!["apiTokenCreate"]!["apiToken"]!["token"]!.GetValue<string>();

        Assert.Matches("^flash_[A-Za-z0-9_-]{43}$", token);
        using var probe = new GraphQLHttpProbe(new Uri(http));
        Assert.Equal(HttpStatusCode.OK, (await probe.WithBearerAsync(token, "{ me { username } }")).Status);
    }

    [Fact]
    public async Task Rejects_an_unknown_seed_token_shape_with_exit_code_2()
    {
        using var process = ServerProcess.Start("Flash.MockServer.dll", "--seed-token-shape", "SeedBranch");

        Assert.True(await process.WaitForExitAsync(StartTimeout));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("flash-mock: --seed-token-shape must be checksummed or seed-branch", process.Output, StringComparison.Ordinal);
    }

    private static Regex UrlPattern(string scheme) => new($@"\b{scheme}://127\.0\.0\.1:\d+/graphql\b", RegexOptions.CultureInvariant);
}
