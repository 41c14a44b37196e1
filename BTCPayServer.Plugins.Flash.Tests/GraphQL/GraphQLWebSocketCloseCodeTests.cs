using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>The close-code table on its own: every graphql-transport-ws code, its typed error and its retry decision.</summary>
public sealed class GraphQLWebSocketCloseCodeTests
{
    /// <summary>What every close code a server can send must become: the protocol's codes, then two it does not list.</summary>
    public static TheoryData<int, Type, bool> ServerCloseCodes { get; } = new()
    {
        { 1000, typeof(FlashTransientException), true },
        { 4400, typeof(FlashProtocolException), false },
        { 4401, typeof(FlashUnauthorizedException), false },
        { 4403, typeof(FlashUnauthorizedException), true },
        { 4406, typeof(FlashProtocolException), false },
        { 4408, typeof(FlashTransientException), true },
        { 4409, typeof(FlashProtocolException), false },
        { 4429, typeof(FlashProtocolException), false },
        { 4500, typeof(FlashServerErrorException), false },
        { 4504, typeof(FlashTransientException), true },
        { 1009, typeof(FlashRequestTooLargeException), false },
        { 1001, typeof(FlashTransientException), true },
        { 4000, typeof(FlashTransientException), true },
    };

    [Theory]
    [MemberData(nameof(ServerCloseCodes))]
    [InlineData(1006, typeof(FlashTransientException), true)]
    public void Each_code_has_one_typed_error_and_retry_decision(int code, Type expected, bool mayRetry)
    {
        var ex = GraphQLWebSocketCloseCodes.ToException("ws.flash.test", code);

        Assert.IsType(expected, ex);
        Assert.Equal(mayRetry, ex.MayRetry);
        Assert.Equal(mayRetry, GraphQLWebSocketCloseCodes.Lookup(code).MayRetry);
        Assert.Equal(code, ex.WebSocketCloseStatus);
        Assert.Contains("ws.flash.test", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"WebSocket close {code}", ex.Message, StringComparison.Ordinal);
    }
}
