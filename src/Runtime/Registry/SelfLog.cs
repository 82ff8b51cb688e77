using System.Diagnostics;

namespace LeakScope.Registry;

/// <summary>
/// Where LeakScope's own failures go: instrumentation never throws into the host application, so
/// a failure is counted and kept for diagnosis instead.
/// </summary>
internal static class SelfLog
{
    private static long s_failures;

    public static long Failures => Volatile.Read(ref s_failures);

    public static string? LastFailure { get; private set; }

    public static void Write(string operation, Exception exception)
    {
        Interlocked.Increment(ref s_failures);
        LastFailure = $"LeakScope {operation} failed: {exception.GetType().FullName}: {exception.Message}";
        Debug.WriteLine(LastFailure);
    }
}
