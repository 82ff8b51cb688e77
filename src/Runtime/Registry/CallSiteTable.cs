using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LeakScope.Registry;

/// <summary>
/// Interns call sites. Caller-info strings are literals, so the hot path is a reference compare in a
/// direct-mapped cache; only a miss pays for hashing the strings.
/// </summary>
internal sealed class CallSiteTable
{
    private const int CacheSize = 1024;

    private readonly CallSite?[] _cache = new CallSite?[CacheSize];
    private readonly ConcurrentDictionary<(string Kind, string File, int Line, string Member), CallSite> _byKey = new();
    private readonly object _addLock = new();
    private CallSite[] _all = new CallSite[16];
    private int _count;
    private Action<CallSite>? _added;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public CallSite Get(string kind, string file, int line, string member)
    {
        int slot = (int)((uint)(line * -1640531535 ^ kind.Length * 31 ^ member.Length) % CacheSize);
        CallSite? cached = _cache[slot];
        if (cached is not null
            && cached.Line == line
            && ReferenceEquals(cached.File, file)
            && ReferenceEquals(cached.Kind, kind)
            && ReferenceEquals(cached.Member, member))
        {
            return cached;
        }

        CallSite site = GetOrAdd(kind, file, line, member);
        _cache[slot] = site;
        return site;
    }

    /// <summary>Every site seen so far; the array may be longer than <paramref name="count"/>.</summary>
    public CallSite[] All(out int count)
    {
        lock (_addLock)
        {
            count = _count;
            return _all;
        }
    }

    /// <summary>The site with this id; every id stored in a slot belongs to a site already published.</summary>
    public CallSite ById(int id) => Volatile.Read(ref _all)[id];

    public CallSite? FindById(int id)
    {
        CallSite[] all = All(out int count);
        return (uint)id < (uint)count ? all[id] : null;
    }

    private CallSite GetOrAdd(string kind, string file, int line, string member)
    {
        var key = (kind, file, line, member);
        if (_byKey.TryGetValue(key, out CallSite? existing))
        {
            return existing;
        }

        lock (_addLock)
        {
            if (_byKey.TryGetValue(key, out existing))
            {
                return existing;
            }

            var site = new CallSite(_count, kind, file, line, member);
            _added?.Invoke(site);
            CallSite[] all = _all;
            if (_count == all.Length)
            {
                Array.Resize(ref all, all.Length * 2);
            }

            all[_count++] = site;
            Volatile.Write(ref _all, all);
            _byKey[key] = site;
            return site;
        }
    }
}
