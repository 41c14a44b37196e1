namespace BTCPayServer.Plugins.Flash.GraphQL;

/// <summary>Whether an operation may run twice if an attempt fails without a clear answer.</summary>
public enum OperationSafety
{
    /// <summary>A mutation without an idempotency key: a lost answer may mean it ran, so it is not repeated.</summary>
    Unsafe = 0,

    /// <summary>A query, or a mutation made idempotent: transient failures are retried with backoff.</summary>
    SafeToRepeat = 1,
}
