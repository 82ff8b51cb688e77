using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Everything the enter/exit path keeps per thread, in one object so that a pair costs one
/// thread-static access each way: a block of scope ids and a cache of free slots of one store.
/// </summary>
internal sealed class ThreadState
{
    public const int CacheCapacity = 64;
    private const int IdBlockSize = 1024;

    [ThreadStatic]
    private static ThreadState? t_current;

    private static long s_reservedIds;

    private long _nextId;
    private long _idLimit;

    // Entered and exited counts per call site (index 2 * site id and the one after), written only by
    // this thread, so counting costs no locked instruction and no cache line shared with other threads.
    private long[] _siteCounts = new long[32];

    private ThreadState()
    {
        Thread = Thread.CurrentThread;
        ManagedThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>This thread's state, or null before its first scope.</summary>
    public static ThreadState? Peek => t_current;

    public static ThreadState Current => t_current ??= new ThreadState();

    public Thread Thread { get; }

    public int ManagedThreadId { get; }

    /// <summary>The store whose free slots <see cref="Items"/> holds; a thread caches for one store.</summary>
    public SlotStore? CacheOwner { get; set; }

    public int[] Items { get; } = new int[CacheCapacity];

    public int Count { get; set; }

    /// <summary>A process-wide unique id; unique but not ordered across threads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long TakeId()
    {
        long next = _nextId;
        if (next == _idLimit)
        {
            next = ReserveIds();
        }

        _nextId = next + 1;
        return next;
    }

    /// <summary>This thread's counts; other threads read them to sum totals.</summary>
    public long[] SiteCounts => Volatile.Read(ref _siteCounts);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountEntered(int siteId) => Counter(2 * siteId)++;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CountExited(int siteId) => Counter((2 * siteId) + 1)++;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Counter(int index)
    {
        long[] counts = _siteCounts;
        if ((uint)index >= (uint)counts.Length)
        {
            counts = GrowCounts(index);
        }

        return ref counts[index];
    }

    private long[] GrowCounts(int index)
    {
        long[] grown = new long[Math.Max(_siteCounts.Length * 2, index + 2)];
        _siteCounts.CopyTo(grown, 0);
        Volatile.Write(ref _siteCounts, grown);
        return grown;
    }

    private long ReserveIds()
    {
        long first = Interlocked.Add(ref s_reservedIds, IdBlockSize) - IdBlockSize + 1;
        _idLimit = first + IdBlockSize;
        return first;
    }
}
