using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using BTCPayServer.Plugins.Flash.Tests.MockServer;
using Flash.DevHost;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.DevHost;

/// <summary>
/// The dev host's command line: its own address, a real Flash server instead of the embedded mock, a profile of the
/// embedded mock, and stopping on a signal.
/// </summary>
public sealed class DevHostTests
{
    [Fact]
    public void The_command_line_picks_the_address_the_flash_server_and_the_state_folder()
    {
        var options = DevHostOptions.FromCommandLine(["--urls", "http://127.0.0.1:8080", "--flash-server", "https://api.flashapp.me/graphql", "--state-dir", "/tmp/x"]);

        Assert.Equal("http://127.0.0.1:8080", options.Urls);
        Assert.Equal(new Uri("https://api.flashapp.me/graphql"), options.FlashServer);
        Assert.Equal("/tmp/x", options.StateDirectory);
        Assert.Null(DevHostOptions.FromCommandLine([]).FlashServer);
        Assert.Throws<ArgumentException>(() => DevHostOptions.FromCommandLine(["--flash-server", "api.flashapp.me"]));
    }

    [Fact]
    public void The_command_line_picks_a_profile_of_the_embedded_mock_and_refuses_one_it_cannot_apply()
    {
        Assert.Equal(MockFlashServerOptions.FlashTodayProfile, DevHostOptions.FromCommandLine(["--mock-profile", "flash-today"]).MockProfile);
        Assert.Null(DevHostOptions.FromCommandLine([]).MockProfile);

        var unknown = Assert.Throws<ArgumentException>(() => DevHostOptions.FromCommandLine(["--mock-profile", "flash-tomorrow"]));
        var withoutMock = Assert.Throws<ArgumentException>(() =>
            DevHostOptions.FromCommandLine(["--flash-server", "https://api.flashapp.me/graphql", "--mock-profile", "flash-today"]));

        Assert.Equal("--mock-profile must be default or flash-today (got 'flash-tomorrow')", unknown.Message);
        Assert.Equal("--mock-profile sets up the embedded mock Flash server, which --flash-server replaces: use one or the other", withoutMock.Message);
    }

    [Fact]
    public async Task With_mock_profile_flash_today_the_embedded_mock_answers_like_Flash_today()
    {
        using var state = new TemporaryDirectory();
        using var process = ServerProcess.Start("Flash.DevHost.dll", "--urls", "http://127.0.0.1:0", "--mock-urls", "http://127.0.0.1:0", "--state-dir", state.Path,
            "--mock-profile", "flash-today");
        var mock = new Uri((await process.WaitForLineAsync(new Regex(@"Embedded mock Flash server at (\S+);", RegexOptions.CultureInvariant), TimeSpan.FromSeconds(60))).Groups[1].Value);
        await process.WaitForLineAsync(new Regex("^Mock profile: flash-today$", RegexOptions.CultureInvariant), TimeSpan.FromSeconds(10));
        using var probe = new GraphQLHttpProbe(mock);

        var btc = await probe.QueryAsync("mutation { lnInvoiceCreateOnBehalfOfRecipient(input: { recipientWalletId: \"any\", amount: 1000 }) { errors { message } } }");

        Assert.Equal("Flash does not support BTC wallets.", btc.FirstErrorMessage);
        Assert.Null(btc.Data);
        process.Signal(ServerProcess.SIGTERM);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "Still running 10 s after SIGTERM. Output:\n" + process.Output);
    }

    [Fact]
    public async Task With_a_flash_server_no_mock_starts_and_the_connect_form_suggests_that_server()
    {
        using var state = new TemporaryDirectory();
        await using var host = await FlashDevHost.StartAsync(new DevHostOptions
        {
            Urls = "http://127.0.0.1:0",
            FlashServer = new Uri("https://api.test.flashapp.me/graphql"),
            StateDirectory = state.Path,
            Logging = _ => { },
        });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseUri };

        var page = await http.GetStringAsync(host.SettingsUri);

        Assert.Null(host.Mock);
        Assert.Contains("value=\"https://api.test.flashapp.me/graphql\"", page, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(state.Path, "keys")));
    }

    [Fact]
    public async Task SIGTERM_stops_it_and_its_embedded_mock_within_seconds_with_exit_code_0()
    {
        using var state = new TemporaryDirectory();
        using var process = ServerProcess.Start("Flash.DevHost.dll", "--urls", "http://127.0.0.1:0", "--mock-urls", "http://127.0.0.1:0", "--state-dir", state.Path);
        var mock = new Uri((await process.WaitForLineAsync(new Regex(@"Embedded mock Flash server at (\S+);", RegexOptions.CultureInvariant), TimeSpan.FromSeconds(60))).Groups[1].Value);
        await using var socket = await GraphQLWebSocketProbe.ConnectAndInitAsync(new UriBuilder(mock) { Scheme = "ws" }.Uri, null);

        process.Signal(ServerProcess.SIGTERM);

        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, await socket.ReceiveCloseAsync());
        await socket.CompleteCloseAsync();
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(10)), "Still running 10 s after SIGTERM. Output:\n" + process.Output);
        Assert.Equal(0, process.ExitCode);
    }
}
