namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// BTCPay's clock set wrong by <paramref name="offset"/> against the real one: what it reads is off, its timers and
/// delays still run at the real pace (as a wrongly set wall clock does). Not a <c>FakeTimeProvider</c>: its timers
/// fire only when a test advances it, and the listener's reconnects and polls must run on their own here.
/// </summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
