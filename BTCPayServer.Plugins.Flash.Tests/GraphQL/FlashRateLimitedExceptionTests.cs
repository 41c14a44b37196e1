using BTCPayServer.Plugins.Flash.GraphQL;

namespace BTCPayServer.Plugins.Flash.Tests.GraphQL;

/// <summary>What a merchant reads when the store's key is past its rate limit: when to retry, or that Flash did not say.</summary>
public sealed class FlashRateLimitedExceptionTests
{
    [Theory]
    [InlineData(60.0, "60")]
    [InlineData(59.2, "60")]
    [InlineData(0.3, "1")]
    [InlineData(0.0, "1")]
    public void The_store_s_limit_says_when_to_retry_in_whole_seconds_rounded_up(double seconds, string said)
    {
        var limited = new FlashRateLimitedException("api.flashapp.me", 200, TimeSpan.FromSeconds(seconds)).OfTheStoresKey();

        Assert.Equal($"Flash's rate limit for this store's key was reached; retry in {said} s (server api.flashapp.me, HTTP 200)", limited.Message);
        Assert.True(limited.OfStoreKey);
        Assert.Equal(TimeSpan.FromSeconds(seconds), limited.RetryAfter);
        Assert.True(limited.MayRetry);
    }

    [Fact]
    public void The_store_s_limit_without_a_wait_says_Flash_did_not_say()
    {
        var limited = new FlashRateLimitedException("api.flashapp.me", 429, retryAfter: null).OfTheStoresKey();

        Assert.Equal(
            "Flash's rate limit for this store's key was reached; Flash did not say for how long, so retry in a minute (server api.flashapp.me, HTTP 429)",
            limited.Message);
    }

    [Fact]
    public void A_limit_of_unknown_owner_keeps_the_transport_s_words()
    {
        var limited = new FlashRateLimitedException("api.flashapp.me", 429, TimeSpan.FromSeconds(2.5));

        Assert.Equal("The server is rate limiting requests; retry after 2.5 s (server api.flashapp.me, HTTP 429)", limited.Message);
        Assert.False(limited.OfStoreKey);
    }
}
