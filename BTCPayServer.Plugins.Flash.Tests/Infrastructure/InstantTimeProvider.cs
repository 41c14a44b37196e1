using System.Collections.Concurrent;

namespace BTCPayServer.Plugins.Flash.Tests.Infrastructure;

/// <summary>
/// A clock whose timers fire at once and remember what they were asked to wait, so retry delays are asserted
/// without waiting them out. Use it only where no timeout is meant to run on the same clock. Not a
/// <c>FakeTimeProvider</c>: its timers fire only when the test advances it, and nothing tells the test when the
/// transport has started to wait.
/// </summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            RequestedDelays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
