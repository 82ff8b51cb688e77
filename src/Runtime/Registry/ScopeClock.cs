using System.Diagnostics;

namespace LeakScope.Registry;

/// <summary>Maps <see cref="Stopwatch"/> timestamps, cheap to take on the hot path, to wall-clock time.</summary>
internal static class ScopeClock
{
    private static readonly long s_originTimestamp = Stopwatch.GetTimestamp();
    private static readonly DateTime s_originUtc = DateTime.UtcNow;

    public static long Now() => Stopwatch.GetTimestamp();

    public static DateTime ToUtc(long timestamp) =>
        s_originUtc.AddTicks((long)((timestamp - s_originTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    public static double MillisecondsBetween(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static long TimestampsFromMilliseconds(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000.0);
}
