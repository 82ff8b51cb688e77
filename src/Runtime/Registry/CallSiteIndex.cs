using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// Finds a call site's id by the references of its strings: an open-addressing table of slots (linear
/// probing, at most a quarter full) keyed by the file string's address and the line, each slot holding
/// the number of an entry; the entries (the four keys and the id, 32 bytes each) lie in the order they
/// were added. Caller-info strings are literals: the same site passes the same references every time.
/// </summary>
/// <remarks>
/// <para>
/// The address, not <c>RuntimeHelpers.GetHashCode</c>: that is a call into the runtime (about 3 ns,
/// an eighth of a pair), the address is free. Literals do not move (the runtime allocates them on
/// its frozen heap), so their address is as stable as an identity hash. A string that the GC moves
/// is only looked for in the wrong place afterwards: it is found by its text on the slow path, and
/// <see cref="CallSiteTable"/> indexes it again at its new address, a bounded number of times.
/// </para>
/// <para>
/// A quarter, not a half: a site found one slot past its own costs a mispredicted branch, about
/// 10 ns, and at half full a quarter of the sites are; at a quarter full about one in eight (1,000
/// sites alone in a process: 22 ns a pair instead of 25). Slots of 4 bytes and entries packed in order,
/// not 32-byte entries in the probed table itself: 10,000 sites take 256 KiB of slots and 320 KiB of
/// entries instead of a 2 MiB table, so a process with that many sites finds them in the core's
/// second-level cache (1 MiB here), not in the shared third one (10,000 sites: docs/performance.md).
/// </para>
/// <para>
/// Readers take no lock. Entries are only added, under the owner's lock: an entry is written (in a
/// grown array published first, when it must grow) before its slot, and the slot with release
/// semantics; a reader reads the slot with acquire semantics and only then the entries array, so it
/// sees either an empty slot (and takes the slow path) or a complete entry. Growing fills a new array
/// and then publishes it; readers still on an old one see a consistent table.
/// </para>
/// </remarks>
internal sealed class CallSiteIndex
{
    private const int InitialCapacity = 64;

    /// <summary>The slots double before more than 1 in this many are used.</summary>
    private const int MaxLoadDivisor = 4;

    // An entry's number plus one, or 0 for an empty slot.
    private int[] _slots = new int[InitialCapacity];
    private Entry[] _entries = new Entry[InitialCapacity / MaxLoadDivisor];
    private int _count;

    /// <summary>Entries in the table (sites plus their extra string instances).</summary>
    public int Count => _count;

    /// <summary>Slots the table has; it doubles them before they are more than a quarter used.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Bytes of the slots and entries arrays: what a look-up may touch.</summary>
    public long Footprint => (_slots.Length * (long)sizeof(int)) + (_entries.Length * (long)Unsafe.SizeOf<Entry>());

    /// <summary>The id of the site with exactly these string instances, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(string kind, string file, int line, string member)
    {
        int[] slots = Volatile.Read(ref _slots);
        int mask = slots.Length - 1;
        ref int first = ref MemoryMarshal.GetArrayDataReference(slots);
        int at = Slot(file, line, slots.Length);
        while (true)
        {
            // In bounds: the index is masked by a length that is a power of two.
            int number = Volatile.Read(ref Unsafe.Add(ref first, at));
            if (number == 0)
            {
                return -1;
            }

            // Read after the slot: the array that holds the entry the slot names.
            ref Entry entry = ref Volatile.Read(ref _entries)[number - 1];
            if (ReferenceEquals(entry.File, file)
                && entry.Line == line
                && ReferenceEquals(entry.Kind, kind)
                && ReferenceEquals(entry.Member, member))
            {
                return entry.SiteId;
            }

            at = (at + 1) & mask;
        }
    }

    /// <summary>Adds an entry; the caller holds the lock that serializes every writer.</summary>
    public void Add(string kind, string file, int line, string member, int siteId)
    {
        var added = new Entry { Kind = kind, File = file, Member = member, Line = line, SiteId = siteId };
        Entry[] entries = _entries;
        if (_count == entries.Length)
        {
            var grownEntries = new Entry[entries.Length * 2];
            entries.AsSpan().CopyTo(grownEntries);
            grownEntries[_count] = added;
            Volatile.Write(ref _entries, grownEntries);
            entries = grownEntries;
        }
        else
        {
            entries[_count] = added;
        }

        int[] slots = _slots;
        if ((_count + 1) * MaxLoadDivisor > slots.Length)
        {
            var grownSlots = new int[slots.Length * 2];
            for (int number = 1; number <= _count; number++)
            {
                ref Entry entry = ref entries[number - 1];
                Place(grownSlots, entry.File!, entry.Line, number);
            }

            Volatile.Write(ref _slots, grownSlots);
            slots = grownSlots;
        }

        _count++;
        Place(slots, file, line, _count);
    }

    private static void Place(int[] slots, string file, int line, int number)
    {
        int mask = slots.Length - 1;
        int at = Slot(file, line, slots.Length);
        while (slots[at] != 0)
        {
            at = (at + 1) & mask;
        }

        Volatile.Write(ref slots[at], number);
    }

    /// <summary>
    /// The slot to start probing at: the file's address with the line in the top 16 bits (above any
    /// user-space address), mixed by two multiplications and a shift between them. One Fibonacci
    /// multiplication is not enough: literals of equal length lie at equal strides and line layouts
    /// repeat, so it maps file and line to a lattice: 268 of 1,000 sites were off their entry at a
    /// quarter full, 138 with the mixing, as a random hash would place them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int Slot(string file, int line, int capacity)
    {
        // The address of the first character is the string's address plus a constant; taken this way the
        // reference stays in a register (reading the reference's bits through a ref spills it to the stack).
        ulong address = (ulong)Unsafe.AsPointer(ref Unsafe.AsRef(in file.GetPinnableReference()));
        ulong key = (address ^ ((ulong)(uint)line << 48)) * 0x9E3779B97F4A7C15ul;
        key = (key ^ (key >> 32)) * 0xD6E8FEB86659FD93ul;
        int bits = BitOperations.Log2((uint)capacity);
        return (int)(key >> (64 - bits));
    }

    private struct Entry
    {
        public string? File;
        public string? Kind;
        public string? Member;
        public int Line;
        public int SiteId;
    }
}
