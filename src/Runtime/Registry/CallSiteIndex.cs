using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// Finds a call site's id by the references of its strings: an open-addressing table (linear
/// probing, at most a quarter full) keyed by the file string's address and the line, each entry
/// holding the four keys and the id in 32 bytes, so a hit reads one entry and nothing else.
/// Caller-info strings are literals: the same site passes the same references every time.
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
/// A quarter, not a half: a site found one entry past its own costs a mispredicted branch, about
/// 10 ns, and at half full a quarter of the sites are; at a quarter full about one in eight (1,000
/// sites alone in a process: 22 ns a pair instead of 25). Memory: 128 to 256 bytes per entry.
/// </para>
/// <para>
/// Readers take no lock. Entries are only added, under the owner's lock: an entry's file reference is
/// written last, with release semantics, and a reader reads it first, with acquire semantics, so a
/// reader sees either an empty entry (and takes the slow path) or a complete one. Growing fills a new
/// array and then publishes it; readers still on the old one see a consistent table.
/// </para>
/// </remarks>
internal sealed class CallSiteIndex
{
    /// <summary>Bytes of one entry: three references, the line and the id.</summary>
    public const int EntrySize = 32;

    private const int InitialCapacity = 64;

    /// <summary>The table doubles before more than 1 in this many entries are used.</summary>
    private const int MaxLoadDivisor = 4;

    private Entry[] _entries = new Entry[InitialCapacity];
    private int _count;

    /// <summary>Entries in the table (sites plus their extra string instances).</summary>
    public int Count => _count;

    /// <summary>Entries the table has room for; it doubles before it is more than a quarter full.</summary>
    public int Capacity => _entries.Length;

    /// <summary>The id of the site with exactly these string instances, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(string kind, string file, int line, string member)
    {
        Entry[] entries = Volatile.Read(ref _entries);
        int mask = entries.Length - 1;
        ref Entry first = ref MemoryMarshal.GetArrayDataReference(entries);
        int at = Slot(file, line, entries.Length);
        while (true)
        {
            // In bounds: the index is masked by a length that is a power of two.
            ref Entry entry = ref Unsafe.Add(ref first, at);
            string? entryFile = Volatile.Read(ref entry.File);
            if (entryFile is null)
            {
                return -1;
            }

            if (ReferenceEquals(entryFile, file)
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
        Entry[] entries = _entries;
        if ((_count + 1) * MaxLoadDivisor > entries.Length)
        {
            var grown = new Entry[entries.Length * 2];
            foreach (ref readonly Entry entry in entries.AsSpan())
            {
                if (entry.File is not null)
                {
                    Place(grown, entry.Kind!, entry.File, entry.Line, entry.Member!, entry.SiteId);
                }
            }

            Volatile.Write(ref _entries, grown);
            entries = grown;
        }

        Place(entries, kind, file, line, member, siteId);
        _count++;
    }

    private static void Place(Entry[] entries, string kind, string file, int line, string member, int siteId)
    {
        int mask = entries.Length - 1;
        int at = Slot(file, line, entries.Length);
        while (entries[at].File is not null)
        {
            at = (at + 1) & mask;
        }

        ref Entry entry = ref entries[at];
        entry.Kind = kind;
        entry.Member = member;
        entry.Line = line;
        entry.SiteId = siteId;
        Volatile.Write(ref entry.File, file);
    }

    /// <summary>
    /// The entry to start probing at: the file's address with the line in the top 16 bits (above any
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
