namespace BTCPayServer.Plugins.Flash.Tests.Faults;

/// <summary>
/// BTCPay's clock set wrong by <paramref name="offset"/> against the real one: what it reads is off, its timers and
/// delays still run at the real pace (as a wrongly set wall clock does).
/// </summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
