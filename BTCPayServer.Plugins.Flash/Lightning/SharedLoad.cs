using BTCPayServer.Plugins.Flash.Auth;

namespace BTCPayServer.Plugins.Flash.Lightning;

/// <summary>
/// A value loaded on first use by exactly one caller however many arrive together, then held. A reconnect error is
/// held too (it stands until what it was loaded from changes, which makes a new load); any other failure (a settings
/// store that did not answer) is not: the next caller tries again.
/// </summary>
internal sealed class SharedLoad<T>(Func<Task<T>> load)
{
    private Lazy<Task<T>> _attempt = new(load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The value, when it has been loaded already; nothing is started to get it.</summary>
    public T? Completed => Volatile.Read(ref _attempt) is { IsValueCreated: true } attempt && attempt.Value.IsCompletedSuccessfully ? attempt.Value.Result : default;

    public async Task<T> GetAsync(CancellationToken cancellation)
    {
        var attempt = Volatile.Read(ref _attempt);
        try
        {
            return await attempt.Value.WaitAsync(cancellation);
        }
        catch (Exception e) when (e is not (FlashReconnectRequiredException or OperationCanceledException))
        {
            Interlocked.CompareExchange(ref _attempt, new Lazy<Task<T>>(load, LazyThreadSafetyMode.ExecutionAndPublication), attempt);
            throw;
        }
    }
}
