using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace BTCPayServer.Plugins.Flash.Tests.MockServer;

/// <summary>The mock as a person runs it: a process that prints where it listens and a demo session token.</summary>
public sealed class MockServerCommandLineTests
{
    [Fact]
    public async Task Prints_its_urls_and_the_demo_session_token_and_serves_them()
    {
        using var process = Start("--dialect", "fip07", "--db", ":memory:", "--urls", "http://127.0.0.1:0");
        try
        {
            string? http = null, ws = null, session = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (session is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                http ??= UrlPattern("http").Match(line) is { Success: true } h ? h.Value : null;
                ws ??= UrlPattern("ws").Match(line) is { Success: true } w ? w.Value : null;
                if (line.Contains("session token", StringComparison.Ordinal))
                    session = line[(line.LastIndexOf(' ') + 1)..];
            }

            Assert.NotNull(http);
            Assert.NotNull(ws);
            Assert.StartsWith("ory_st_", session, StringComparison.Ordinal);
            using var probe = new GraphQLHttpProbe(new Uri(http));
            var me = await probe.WithBearerAsync(session!, "{ me { username } }");
            Assert.Equal(HttpStatusCode.OK, me.Status);
            Assert.Equal("demo", me.Data!["me"]!["username"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Rejects_unknown_options_with_exit_code_2()
    {
        using var process = Start("--dialect", "nonsense");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--dialect must be seed, fip07 or both", error, StringComparison.Ordinal);
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Flash.MockServer.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static Regex UrlPattern(string scheme) => new($@"\b{scheme}://127\.0\.0\.1:\d+/graphql\b", RegexOptions.CultureInvariant);
}
