using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Interns call sites. Caller-info strings are literals, so the hot path finds a site by the
/// references of its strings (<see cref="CallSiteIndex"/>), whatever the number of sites; strings
/// of the same text but other instances are found by their text, on a slower path.
/// </summary>
internal sealed class CallSiteTable
{
    /// <summary>
    /// Entries one site may have in the index: its first strings and up to three other instances of the
    /// same text (a kind read from configuration once per object, say). Beyond that, the text lookup.
    /// </summary>
    public const int MaxIndexEntriesPerSite = 4;

    private readonly CallSiteIndex _index = new();
    private readonly ConcurrentDictionary<(string Kind, string File, int Line, string Member), CallSite> _byKey = new();
    private readonly object _addLock = new();
    private CallSite[] _all = new CallSite[16];
    private int _count;
    private long _slowLookups;
    private Action<CallSite>? _added;

    /// <summary>Lookups the index did not answer: first uses of a site, and strings of the same text in other instances.</summary>
    public long SlowLookups => Volatile.Read(ref _slowLookups);

    /// <summary>Entries in the index, at most <see cref="MaxIndexEntriesPerSite"/> per site.</summary>
    public int IndexEntries
    {
        get
        {
            lock (_addLock)
            {
                return _index.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="added"/> for every site so far and, from now on, for each new one before it is published.</summary>
    public void AddListener(Action<CallSite> added)
    {
        lock (_addLock)
        {
            for (int i = 0; i < _count; i++)
            {
                added(_all[i]);
            }

            _added += added;
        }
    }

    /// <summary>The id of the site; a new site is made and published on its first use.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IdOf(string kind, string file, int line, string member)
    {
        int id = _index.Find(kind, file, line, member);
        return id >= 0 ? id : GetOrAdd(kind, file, line, member).Id;
    }

    public CallSite Get(string kind, string file, int line, string member) => ById(IdOf(kind, file, line, member));

    /// <summary>Every site seen so far; the array may be longer than <paramref name="count"/>.</summary>
    public CallSite[] All(out int count)
    {
        lock (_addLock)
        {
            count = _count;
            return _all;
        }
    }

    /// <summary>The site with this id; every id stored in a slot or the index belongs to a site already published.</summary>
    public CallSite ById(int id) => Volatile.Read(ref _all)[id];

    public CallSite? FindById(int id)
    {
        CallSite[] all = All(out int count);
        return (uint)id < (uint)count ? all[id] : null;
    }

    private CallSite GetOrAdd(string kind, string file, int line, string member)
    {
        Interlocked.Increment(ref _slowLookups);
        var key = (kind, file, line, member);
        if (_byKey.TryGetValue(key, out CallSite? existing) && existing.IndexEntries >= MaxIndexEntriesPerSite)
        {
            return existing;
        }

        lock (_addLock)
        {
            int id = _index.Find(kind, file, line, member);
            if (id >= 0)
            {
                return _all[id];
            }

            if (_byKey.TryGetValue(key, out existing))
            {
                // The same text in other instances: index them too, a bounded number of times per site.
                if (existing.IndexEntries < MaxIndexEntriesPerSite)
                {
                    existing.IndexEntries++;
                    _index.Add(kind, file, line, member, existing.Id);
                }

                return existing;
            }

            var site = new CallSite(_count, kind, file, line, member) { IndexEntries = 1 };
            _added?.Invoke(site);
            CallSite[] all = _all;
            if (_count == all.Length)
            {
                Array.Resize(ref all, all.Length * 2);
            }

            all[_count++] = site;
            Volatile.Write(ref _all, all);
            _byKey[key] = site;
            _index.Add(kind, file, line, member, site.Id);
            return site;
        }
    }
}
