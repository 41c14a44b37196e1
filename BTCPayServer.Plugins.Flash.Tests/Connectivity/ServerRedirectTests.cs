using BTCPayServer.Plugins.Flash.Connectivity;
using BTCPayServer.Plugins.Flash.FlashApi;
using BTCPayServer.Plugins.Flash.GraphQL;
using BTCPayServer.Plugins.Flash.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BTCPayServer.Plugins.Flash.Tests.Connectivity;

/// <summary>
/// The address rule checks the server a store names; a server that answers with a redirect must not take BTCPay
/// elsewhere (to a local address the rule would refuse, with the store's credential in tow). The transports are
/// the plugin's own, as BTCPay loads it.
/// </summary>
public sealed class ServerRedirectTests : IDisposable
{
    private readonly ServiceProvider _plugin;

    public ServerRedirectTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        new FlashPlugin().Execute(services);
        _plugin = services.BuildServiceProvider();
    }

    private FlashTransports Transports => _plugin.GetRequiredService<FlashTransports>();

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task An_HTTP_redirect_is_not_followed_and_the_credential_goes_nowhere_else(int status)
    {
        await using var named = await ScriptedServer.StartAsync();
        await using var elsewhere = await ScriptedServer.StartAsync();
        elsewhere.Enqueue(ScriptedHttpResponse.Data("""{"globals":{"network":"mainnet","nodesIds":[]}}"""));
        named.Enqueue(ScriptedHttpResponse.Text("", status).WithHeader("Location", elsewhere.HttpEndpoint.ToString()));
        var header = AuthHeader.ApiKey("fk_redirected0123456789abcdef0123456789");
        var transport = Transports.Http(named.HttpEndpoint, _ => ValueTask.FromResult<AuthHeader?>(header));

        var error = await Assert.ThrowsAsync<FlashProtocolException>(() => new FlashApiClient(transport).GetGlobalsAsync());

        Assert.Single(named.Requests);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(
            $"The server answered with a redirect, which the plugin does not follow: enter the address of Flash's GraphQL API itself (server {named.HttpEndpoint.Authority}, HTTP {status})",
            error.Message);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_WebSocket_redirect_is_not_followed(int status)
    {
        await using var named = await ScriptedServer.StartAsync();
        await using var elsewhere = await ScriptedServer.StartAsync();
        named.RejectWebSocketStatus = status;
        named.RejectWebSocketLocation = elsewhere.WebSocketEndpoint;
        await using var socket = Transports.WebSocket(named.WebSocketEndpoint);

        var error = await Assert.ThrowsAsync<FlashProtocolException>(() => socket.ExecuteAsync(FlashOperations.Globals.Request()));

        Assert.Equal($"The server did not upgrade the connection to a WebSocket (server {named.WebSocketEndpoint.Authority}, HTTP {status})", error.Message);
        Assert.Equal(0, elsewhere.WebSocketConnections);
        Assert.Empty(elsewhere.Requests);
    }

    public void Dispose() => _plugin.Dispose();
}
