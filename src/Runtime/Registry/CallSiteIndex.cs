using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LeakScope.Registry;

/// <summary>
/// Finds a call site's id by the references of its strings: an open-addressing table (linear
/// probing) keyed by the file string's address and the line, each 16-byte entry holding the file,
/// the line and the site id; the kind and member are checked against a dense array indexed by site
/// id (16 bytes per site). Caller-info strings are literals: the same site passes the same
/// references every time.
/// </summary>
/// <remarks>
/// <para>
/// Two arrays, not one table of 32-byte entries: with thousands of sites every pair reads a random
/// entry, and the table is where the cache misses are. At 10,000 sites 32-byte entries a quarter full
/// made a 2 MiB table, past a core's 1 MiB L2; 16-byte entries plus the site array are 512 KiB + 160
/// KiB. The site array's line is one more load, but it depends on the same id as the thread's counters
/// for the site, so the two are read side by side, not one after the other. Never a fingerprint in
/// place of the kind and member: a fingerprint that collides would attribute a scope to another site.
/// </para>
/// <para>
/// A site's first strings use the site array. An entry for other instances of its kind or member
/// (kind built at run time) holds the complement of an index into a small array of such extra keys
/// instead; an entry for another instance of the file only (the kind and member the site's own) uses the
/// site array like the first.
/// </para>
/// <para>
/// The address, not <c>RuntimeHelpers.GetHashCode</c>: that is a call into the runtime (about 3 ns,
/// an eighth of a pair), the address is free. Literals do not move (the runtime allocates them on
/// its frozen heap), so their address is as stable as an identity hash. A string that the GC moves
/// is only looked for in the wrong place afterwards: it is found by its text on the slow path, and
/// <see cref="CallSiteTable"/> indexes it again at its new address, a bounded number of times.
/// </para>
/// <para>
/// At most a third full: a site found one entry past its own costs a mispredicted branch, about 10 ns;
/// at a third full about one site in six is, at a half a quarter of them. Memory: 48 to 96 bytes of
/// table per entry, 16 bytes per site in the site array, 24 bytes per extra key.
/// </para>
/// <para>
/// Readers take no lock. Entries are only added, under the owner's lock: a site's keys and an extra key
/// are written before the entry that names them, and an entry's file reference is written last, with
/// release semantics; a reader reads it first, with acquire semantics, and the arrays after it, so a
/// reader sees either an empty entry (and takes the slow path) or a complete one with its keys. Growing
/// fills a new array and then publishes it; readers still on the old one see a consistent table.
/// </para>
/// </remarks>
internal sealed class CallSiteIndex
{
    /// <summary>Bytes of one entry: the file reference, the line and the site id.</summary>
    public const int EntrySize = 16;

    /// <summary>Bytes per site in the array of the kinds and members the entries are checked against.</summary>
    public const int SiteKeySize = 16;

    private const int InitialCapacity = 64;

    /// <summary>The table doubles before more than 1 in this many entries are used.</summary>
    private const int MaxLoadDivisor = 3;

    private Entry[] _entries = new Entry[InitialCapacity];
    private SiteKey[] _siteKeys = new SiteKey[16];
    private ExtraKey[] _extraKeys = [];
    private int _count;
    private int _extraCount;

    /// <summary>Entries in the table (sites plus their extra string instances).</summary>
    public int Count => _count;

    /// <summary>Entries the table has room for; it doubles before it is more than a third full.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Entries whose kind or member are other instances than the site's first (checked against an extra key).</summary>
    public int ExtraKeys => _extraCount;

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

            if (ReferenceEquals(entryFile, file) && entry.Line == line)
            {
                int id = entry.SiteId;
                if (id >= 0)
                {
                    // Read after the entry's file (acquire): the site's keys were written before it.
                    ref readonly SiteKey key = ref Volatile.Read(ref _siteKeys)[id];
                    if (ReferenceEquals(key.Kind, kind) && ReferenceEquals(key.Member, member))
                    {
                        return id;
                    }
                }
                else if (MatchesExtraKey(~id, kind, member, out int extraSiteId))
                {
                    return extraSiteId;
                }
            }

            at = (at + 1) & mask;
        }
    }

    /// <summary>
    /// Adds an entry; the caller holds the lock that serializes every writer, and adds a site's first
    /// strings before any other instances of them, with site ids in the order 0, 1, 2, ...
    /// </summary>
    public void Add(string kind, string file, int line, string member, int siteId)
    {
        int entryId = siteId;
        if (siteId >= _siteKeys.Length || _siteKeys[siteId].Kind is null)
        {
            AddSiteKey(siteId, kind, member);
        }
        else if (!ReferenceEquals(_siteKeys[siteId].Kind, kind) || !ReferenceEquals(_siteKeys[siteId].Member, member))
        {
            entryId = ~AddExtraKey(kind, member, siteId);
        }

        Entry[] entries = _entries;
        if ((_count + 1) * MaxLoadDivisor > entries.Length)
        {
            var grown = new Entry[entries.Length * 2];
            foreach (ref readonly Entry entry in entries.AsSpan())
            {
                if (entry.File is not null)
                {
                    Place(grown, entry.File, entry.Line, entry.SiteId);
                }
            }

            Volatile.Write(ref _entries, grown);
            entries = grown;
        }

        Place(entries, file, line, entryId);
        _count++;
    }

    private void AddSiteKey(int siteId, string kind, string member)
    {
        SiteKey[] keys = _siteKeys;
        if (siteId >= keys.Length)
        {
            Array.Resize(ref keys, Math.Max(keys.Length * 2, siteId + 1));
            Volatile.Write(ref _siteKeys, keys);
        }

        keys[siteId] = new SiteKey(kind, member);
    }

    private int AddExtraKey(string kind, string member, int siteId)
    {
        ExtraKey[] keys = _extraKeys;
        if (_extraCount == keys.Length)
        {
            Array.Resize(ref keys, Math.Max(keys.Length * 2, 4));
            Volatile.Write(ref _extraKeys, keys);
        }

        keys[_extraCount] = new ExtraKey(kind, member, siteId);
        return _extraCount++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MatchesExtraKey(int extra, string kind, string member, out int siteId)
    {
        ExtraKey key = Volatile.Read(ref _extraKeys)[extra];
        siteId = key.SiteId;
        return ReferenceEquals(key.Kind, kind) && ReferenceEquals(key.Member, member);
    }

    private static void Place(Entry[] entries, string file, int line, int entryId)
    {
        int mask = entries.Length - 1;
        int at = Slot(file, line, entries.Length);
        while (entries[at].File is not null)
        {
            at = (at + 1) & mask;
        }

        ref Entry entry = ref entries[at];
        entry.Line = line;
        entry.SiteId = entryId;
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

    /// <summary>The file, line and who checks the rest: a site id (its keys in the site array) or the complement of an extra key's index.</summary>
    private struct Entry
    {
        public string? File;
        public int Line;
        public int SiteId;
    }

    /// <summary>The kind and member instances of a site's first use.</summary>
    private readonly record struct SiteKey(string? Kind, string? Member);

    /// <summary>Other instances of a site's kind or member, with the site they belong to.</summary>
    private sealed record ExtraKey(string Kind, string Member, int SiteId);
}
