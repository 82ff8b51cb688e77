using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// The registry's clock: a coarse monotonic millisecond counter. Ages of open scopes need no finer
/// resolution; tools wanting exact durations in full mode use the events' own timestamps. On Linux
/// it calls clock_gettime(CLOCK_MONOTONIC_COARSE) without a GC transition, a fraction of what
/// <see cref="Environment.TickCount64"/> (the fallback elsewhere) or Stopwatch cost per enter
/// (figures in docs/performance.md).
/// </summary>
internal static unsafe class ScopeClock
{
    private const int ClockMonotonicCoarse = 6;

    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<int, TimeSpec*, int> s_clockGetTime = FindClockGetTime();
    private static readonly long s_originMilliseconds = Now();
    private static readonly DateTime s_originUtc = DateTime.UtcNow;
    private static readonly long s_originUnixMilliseconds = (s_originUtc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Now()
    {
        if (s_clockGetTime != null)
        {
            TimeSpec now;
            if (s_clockGetTime(ClockMonotonicCoarse, &now) == 0)
            {
                return (now.Seconds * 1000) + (now.Nanoseconds / 1_000_000);
            }
        }

        return Environment.TickCount64;
    }

    /// <summary>A reading of <see cref="Now"/> and the UTC time it stands for; state files carry both so the tool can convert.</summary>
    public static long OriginMilliseconds => s_originMilliseconds;

    public static DateTime OriginUtc => s_originUtc;

    public static DateTime ToUtc(long milliseconds) => s_originUtc.AddMilliseconds(milliseconds - s_originMilliseconds);

    /// <summary>What <see cref="ToUtc"/> gives, as whole milliseconds since the Unix epoch, without a <see cref="DateTime"/> (full mode's every enter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToUnixMilliseconds(long milliseconds) => s_originUnixMilliseconds + (milliseconds - s_originMilliseconds);

    public static double MillisecondsBetween(long from, long to) => to - from;

    /// <summary>Milliseconds from <paramref name="from"/> (a <see cref="Now"/> reading) until now.</summary>
    public static double MillisecondsSince(long from) => MillisecondsBetween(from, Now());

    private static delegate* unmanaged[Cdecl, SuppressGCTransition]<int, TimeSpec*, int> FindClockGetTime()
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            return null;
        }

        foreach (string library in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.so" })
        {
            if (NativeLibrary.TryLoad(library, out IntPtr handle) && NativeLibrary.TryGetExport(handle, "clock_gettime", out IntPtr export))
            {
                var clockGetTime = (delegate* unmanaged[Cdecl, SuppressGCTransition]<int, TimeSpec*, int>)export;
                TimeSpec probe;
                if (clockGetTime(ClockMonotonicCoarse, &probe) == 0)
                {
                    return clockGetTime;
                }
            }
        }

        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
