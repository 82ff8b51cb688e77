using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Storage for open scopes: chunks of slots that are never freed, a lock-free global free list, and a
/// small per-thread cache of free slots so that an enter/exit pair on one thread touches no shared
/// state beyond its own slot.
/// </summary>
internal sealed class SlotStore
{
    private const int ChunkShift = 12;
    public const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;
    private const int TransferBatch = ThreadState.CacheCapacity / 2;
    private const int EmptyList = -1;

    private readonly object _growLock = new();
    private readonly List<ThreadState> _caches = [];
    private long[] _retiredCounts = [];
    private ScopeSlot[]?[] _chunks = new ScopeSlot[]?[16];
    private int _created;

    // Treiber stack head: high 32 bits count pops (ABA guard), low 32 bits hold the top index or -1.
    private long _freeHead = unchecked((long)(uint)EmptyList);

    /// <summary>Called under the growth lock with the new <see cref="Capacity"/>, before any new slot is handed out.</summary>
    public Action<int>? SlotsCreated { get; set; }

    /// <summary>Slots handed out so far; every open slot has an index below this.</summary>
    public int Capacity => Volatile.Read(ref _created);

    public ref ScopeSlot this[int index] => ref _chunks[index >> ChunkShift]![index & ChunkMask];

    /// <summary>Reads a slot that may lie in a chunk still being published; false if it is not there yet.</summary>
    public bool TryGetChunk(int index, out ScopeSlot[] chunk)
    {
        ScopeSlot[]?[] chunks = Volatile.Read(ref _chunks);
        int c = index >> ChunkShift;
        chunk = c < chunks.Length ? Volatile.Read(ref chunks[c])! : null!;
        return chunk is not null;
    }

    public static int OffsetInChunk(int index) => index & ChunkMask;

    /// <summary>
    /// Takes a free slot and a new scope id for it. <paramref name="owner"/> is the calling thread's
    /// state when that thread caches for this store, so the caller can count on it; null otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Rent(out long id, out ThreadState? owner)
    {
        ThreadState? state = ThreadState.Peek;
        if (state is not null && state.CacheOwner == this && state.Count != 0)
        {
            id = state.TakeId();
            owner = state;
            return state.Items[--state.Count];
        }

        int index = RentSlow(out id);
        state = ThreadState.Peek;
        owner = state is not null && state.CacheOwner == this ? state : null;
        return index;
    }

    /// <summary>Gives a slot back; returns the calling thread's state when it caches for this store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ThreadState? Return(int index)
    {
        ThreadState? state = ThreadState.Peek;
        if (state is not null && state.CacheOwner == this && state.Count < ThreadState.CacheCapacity)
        {
            state.Items[state.Count++] = index;
            return state;
        }

        ReturnSlow(state, index);
        return state is not null && state.CacheOwner == this ? state : null;
    }

    /// <summary>Entered and exited counts per site summed over every thread that counted for this store.</summary>
    public long[] SumSiteCounts()
    {
        lock (_growLock)
        {
            long[] totals = (long[])_retiredCounts.Clone();
            foreach (ThreadState state in _caches)
            {
                long[] counts = state.SiteCounts;
                if (counts.Length > totals.Length)
                {
                    Array.Resize(ref totals, counts.Length);
                }

                for (int i = 0; i < counts.Length; i++)
                {
                    totals[i] += Volatile.Read(ref counts[i]);
                }
            }

            return totals;
        }
    }

    /// <summary>
    /// Makes the calling thread cache free slots for this store, unless it caches for another. A thread
    /// that frees many slots it did not rent (the worker's sweep) then gives them back to the shared
    /// list in batches, one CAS each, and counts its exits without a locked instruction.
    /// </summary>
    public void CacheOnThisThread()
    {
        ThreadState state = ThreadState.Current;
        if (state.CacheOwner is null)
        {
            state.CacheOwner = this;
            lock (_growLock)
            {
                _caches.Add(state);
            }
        }
    }

    private int RentSlow(out long id)
    {
        CacheOnThisThread();
        ThreadState state = ThreadState.Current;
        id = state.TakeId();
        if (state.CacheOwner != this)
        {
            // The thread caches for another store (only tests create several): use the shared list.
            while (true)
            {
                if (TryPop(out int shared))
                {
                    return shared;
                }

                int created = CreateSlots(1);
                if (created >= 0)
                {
                    return created;
                }
            }
        }

        while (state.Count == 0)
        {
            if (!TryPopMany(state, TransferBatch))
            {
                int first = CreateSlots(TransferBatch);
                for (int i = first < 0 ? -1 : TransferBatch - 1; i >= 0; i--)
                {
                    state.Items[state.Count++] = first + i;
                }
            }
        }

        return state.Items[--state.Count];
    }

    private void ReturnSlow(ThreadState? state, int index)
    {
        if (state is null || state.CacheOwner != this)
        {
            Push(index);
            return;
        }

        if (state.Count > TransferBatch)
        {
            PushMany(state.Items, TransferBatch, state.Count);
            state.Count = TransferBatch;
        }

        state.Items[state.Count++] = index;
    }

    private bool TryPop(out int index)
    {
        while (true)
        {
            long head = Volatile.Read(ref _freeHead);
            int top = (int)head;
            if (top == EmptyList)
            {
                index = 0;
                return false;
            }

            int next = Volatile.Read(ref this[top].NextFree);
            long newHead = ((head >> 32) + 1) << 32 | (uint)next;
            if (Interlocked.CompareExchange(ref _freeHead, newHead, head) == head)
            {
                index = top;
                return true;
            }
        }
    }

    /// <summary>
    /// Moves up to <paramref name="most"/> slots from the top of the shared list to the thread's cache
    /// with one CAS (a slot the worker's sweep frees is otherwise one CAS to give back and one to take).
    /// The walk down the list reads links that may be changing; the CAS succeeds only if the head and
    /// its pop count are unchanged, and every pop bumps the count while every push changes the head,
    /// so then nothing touched the list and the links read were its own.
    /// </summary>
    /// <returns>False when the shared list was empty.</returns>
    private bool TryPopMany(ThreadState state, int most)
    {
        int[] items = state.Items;
        while (true)
        {
            long head = Volatile.Read(ref _freeHead);
            int top = (int)head;
            if (top == EmptyList)
            {
                return false;
            }

            int taken = 0;
            int next = top;
            while (taken < most && next != EmptyList)
            {
                items[state.Count + taken++] = next;
                next = Volatile.Read(ref this[next].NextFree);
            }

            long newHead = ((head >> 32) + 1) << 32 | (uint)next;
            if (Interlocked.CompareExchange(ref _freeHead, newHead, head) == head)
            {
                state.Count += taken;
                return true;
            }
        }
    }

    /// <summary>Pushes <paramref name="items"/>[<paramref name="from"/>..<paramref name="to"/>) onto the shared list with one CAS, linked among themselves first.</summary>
    private void PushMany(int[] items, int from, int to)
    {
        for (int i = from; i < to - 1; i++)
        {
            this[items[i]].NextFree = items[i + 1];
        }

        ref int lastLink = ref this[items[to - 1]].NextFree;
        while (true)
        {
            long head = Volatile.Read(ref _freeHead);
            lastLink = (int)head;
            long newHead = (head & unchecked((long)0xFFFF_FFFF_0000_0000)) | (uint)items[from];
            if (Interlocked.CompareExchange(ref _freeHead, newHead, head) == head)
            {
                return;
            }
        }
    }

    private void Push(int index)
    {
        while (true)
        {
            long head = Volatile.Read(ref _freeHead);
            this[index].NextFree = (int)head;
            long newHead = (head & unchecked((long)0xFFFF_FFFF_0000_0000)) | (uint)index;
            if (Interlocked.CompareExchange(ref _freeHead, newHead, head) == head)
            {
                return;
            }
        }
    }

    /// <summary>Creates <paramref name="count"/> contiguous slots, or returns -1 after freeing cached ones.</summary>
    private int CreateSlots(int count)
    {
        lock (_growLock)
        {
            // Slots cached by threads that have exited are free again: the caller pops them instead.
            if (ReclaimDeadThreadCaches())
            {
                return -1;
            }

            int first = _created;
            int last = first + count - 1;
            ScopeSlot[]?[] chunks = _chunks;
            int lastChunk = last >> ChunkShift;
            if (lastChunk >= chunks.Length)
            {
                Array.Resize(ref chunks, Math.Max(chunks.Length * 2, lastChunk + 1));
                Volatile.Write(ref _chunks, chunks);
            }

            for (int c = first >> ChunkShift; c <= lastChunk; c++)
            {
                if (chunks[c] is null)
                {
                    Volatile.Write(ref chunks[c], new ScopeSlot[ChunkSize]);
                }
            }

            Volatile.Write(ref _created, last + 1);
            SlotsCreated?.Invoke(last + 1);
            return first;
        }
    }

    private bool ReclaimDeadThreadCaches()
    {
        bool any = false;
        for (int i = _caches.Count - 1; i >= 0; i--)
        {
            ThreadState cache = _caches[i];
            if (cache.Thread.IsAlive)
            {
                continue;
            }

            for (int j = 0; j < cache.Count; j++)
            {
                Push(cache.Items[j]);
                any = true;
            }

            // Keep the exited thread's counts; done under the lock that SumSiteCounts takes.
            long[] counts = cache.SiteCounts;
            if (counts.Length > _retiredCounts.Length)
            {
                Array.Resize(ref _retiredCounts, counts.Length);
            }

            for (int j = 0; j < counts.Length; j++)
            {
                _retiredCounts[j] += counts[j];
            }

            cache.Count = 0;
            _caches.RemoveAt(i);
        }

        return any;
    }
}
