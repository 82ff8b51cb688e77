namespace LeakScope.AutoTrackCorpus;

/// <summary>
/// SemaphoreSlim as a lock (waited and released in one method): released in finally, released without
/// finally, released by WaitAsync's caller; a path that returns without releasing leaks. A semaphore
/// used as a signal (waited here, released elsewhere) is not tracked.
/// </summary>
internal static class Locks
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static readonly SemaphoreSlim s_leakyGate = new(1, 1);
    private static readonly SemaphoreSlim s_signal = new(0, 1);

    public static async Task RunAsync()
    {
        Guarded();
        Plain();
        await GuardedAsync();
        _ = TimedOut();
        Leaky(giveUp: false);
        Leaky(giveUp: true);
        Signal();
        s_signal.Wait();
    }

    private static void Guarded()
    {
        s_gate.Wait();
        try
        {
            Thread.Yield();
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static void Plain()
    {
        s_gate.Wait();
        s_gate.Release();
    }

    private static async Task GuardedAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            await Task.Yield();
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static bool TimedOut()
    {
        if (!s_gate.Wait(TimeSpan.FromSeconds(5)))
        {
            return false;
        }

        s_gate.Release();
        return true;
    }

    private static void Leaky(bool giveUp)
    {
        s_leakyGate.Wait(); // LEAK: lock
        if (giveUp)
        {
            return;
        }

        s_leakyGate.Release();
    }

    private static void Signal() => s_signal.Release();
}
