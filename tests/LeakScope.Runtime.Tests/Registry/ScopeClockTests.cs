using LeakScope.Registry;

namespace LeakScope.Tests.Registry;

public sealed class ScopeClockTests
{
    [Fact]
    public void Now_FollowsTheMonotonicMillisecondClock()
    {
        // Both read CLOCK_MONOTONIC_COARSE on Linux and the same tick counter elsewhere.
        long drift = Math.Abs(ScopeClock.Now() - Environment.TickCount64);
        Assert.InRange(drift, 0, 100);

        long before = ScopeClock.Now();
        SpinWait.SpinUntil(() => ScopeClock.Now() - before >= 20, TimeSpan.FromSeconds(30));
        Assert.InRange(ScopeClock.Now() - before, 20, 30_000);
    }

    [Fact]
    public void ToUtc_MapsNowToTheCurrentWallClock()
    {
        DateTime mapped = ScopeClock.ToUtc(ScopeClock.Now());
        Assert.InRange(mapped, DateTime.UtcNow.AddSeconds(-2), DateTime.UtcNow.AddSeconds(2));
    }

    [Fact]
    public void ToUnixMilliseconds_IsToUtcInWholeMilliseconds()
    {
        long now = ScopeClock.Now();
        foreach (long milliseconds in new[] { now, now - 1, now + 1, now - 86_400_000, now + 123_456 })
        {
            long expected = (ScopeClock.ToUtc(milliseconds).Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
            Assert.Equal(expected, ScopeClock.ToUnixMilliseconds(milliseconds));
        }
    }
}
