namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>What one HTTP call does when the server says it is rate limiting.</summary>
public enum RateLimitHandling
{
    /// <summary>Waits for the server's <c>Retry-After</c> and tries again, within the transport's retry budget.</summary>
    WaitWithinBudget = 0,

    /// <summary>
    /// Hands the limit to the caller at once: for calls made inside someone else's short budget, such as BTCPay's
    /// five seconds for <c>CreateInvoice</c>, where a wait only stalls the checkout.
    /// </summary>
    FailFast = 1,
}
