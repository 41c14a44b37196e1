using BTCPayServer.Plugins.Flash.Auth;
using BTCPayServer.Plugins.Flash.StoreConnection;
using BTCPayServer.Plugins.Flash.Tests.DevHost;
using Flash.DevHost.Store;
using Flash.MockServer.Hosting;

namespace BTCPayServer.Plugins.Flash.Tests.StoreConnection;

/// <summary>
/// Changes of one store's connection that overlap never write an older account over a newer one: a slow "Test
/// connection" that ends after a reconnect records nothing, and a refusal of a replaced token marks nothing.
/// </summary>
public sealed class ConnectionChangeRaceTests : IAsyncLifetime
{
    private DevHostHarness _devHost = null!;

    public async Task InitializeAsync() => _devHost = await DevHostHarness.StartAsync();

    public async Task DisposeAsync() => await _devHost.DisposeAsync();

    [Fact]
    public async Task A_test_that_ends_after_a_reconnect_leaves_the_new_connection_as_it_is()
    {
        await _devHost.ConnectAsync();
        var other = await _devHost.Mock.CreateAccountAsync();
        // The test's first request (the account) takes two seconds; the reconnect meanwhile is not slowed.
        _devHost.Mock.Services.Faults.Arm(new Fault(FaultKind.Delay, Remaining: 1, DelayMilliseconds: 2_000));
        var test = _devHost.Connector.TestAsync(DemoStore.DemoId);
        while (_devHost.Mock.Services.Faults.TryPeek() is not null)
            await Task.Delay(10);

        var reconnected = await _devHost.ConnectAsync(sessionToken: other.SessionToken);
        await test;

        var saved = await _devHost.StoredConnectionAsync();
        Assert.Equal(reconnected.Connection.TokenId, saved.TokenId);
        Assert.Contains($"Signed in to Flash as {other.Username}", saved.LastCheck!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_of_the_replaced_token_does_not_mark_the_new_connection()
    {
        var first = await _devHost.ConnectAsync();
        var second = await _devHost.ConnectAsync();

        var marked = await _devHost.Connections.ReportTokenRejectedAsync(DemoStore.DemoId, first.Connection.TokenId);

        Assert.False(marked);
        Assert.Null((await _devHost.StoredConnectionAsync()).TokenRejectedAt);
        Assert.True(await _devHost.Connections.ReportTokenRejectedAsync(DemoStore.DemoId, second.Connection.TokenId));
    }
}
