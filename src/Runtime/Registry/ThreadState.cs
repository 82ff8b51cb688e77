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

    private long ReserveIds()
    {
        long first = Interlocked.Add(ref s_reservedIds, IdBlockSize) - IdBlockSize + 1;
        _idLimit = first + IdBlockSize;
        return first;
    }
}
