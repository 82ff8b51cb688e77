using System.Collections.Concurrent;

namespace LeakScope.Registry;

/// <summary>
/// The parent chains of this process, interned: a link is (call site, name, outer link), made once when
/// a scope first gets a child and cached in its frame, so a chain costs nothing per scope beyond the
/// frame parent tracking keeps anyway. Links are never dropped: a leak's report names its parents even
/// after they exited. Bounded: a name is kept only as far as a writer shows it (<see cref="ParentName"/>),
/// past <see cref="MaxNamedLinks"/> new links drop their names (chains of
/// call sites only, which code structure bounds), and past <see cref="MaxLinks"/> no new chain is made.
/// </summary>
internal sealed class ParentTable
{
    public const int MaxNamedLinks = 100_000;
    public const int MaxLinks = 200_000;

    /// <summary>Parents a writer follows outwards from a scope at most: deep recursion is cut there.</summary>
    public const int MaxChainLength = 32;

    private readonly ConcurrentDictionary<(int SiteId, ParentName? Name, int Outer), ParentLink> _byKey = new();
    private readonly object _addLock = new();
    private ParentLink?[] _all = new ParentLink?[16];
    private int _count = 1;
    private Action<ParentLink>? _added;

    /// <summary>The link naming <paramref name="frame"/>'s scope as a parent, made at its first child; 0 past the cap.</summary>
    public int LinkOf(ScopeFrame frame, CallSiteTable sites)
    {
        int id = frame.LinkId;
        if (id == 0)
        {
            id = Intern(sites.ById(frame.SiteId), frame.Name is null ? null : ParentName.Of(frame.Name), frame.ParentLinkId)?.Id ?? 0;
            frame.LinkId = id;
        }

        return id;
    }

    /// <summary>Calls <paramref name="added"/> for every link so far and, from now on, for each new one before any slot names it.</summary>
    public void AddListener(Action<ParentLink> added)
    {
        lock (_addLock)
        {
            for (int i = 1; i < _count; i++)
            {
                added(_all[i]!);
            }

            _added += added;
        }
    }

    /// <summary>The link with this id, or null for 0 (no parent) and ids never given out.</summary>
    public ParentLink? FindById(int id)
    {
        ParentLink?[] all = Volatile.Read(ref _all);
        return (uint)id < (uint)all.Length ? all[id] : null;
    }

    private ParentLink? Intern(CallSite site, ParentName? name, int outer)
    {
        if (_byKey.TryGetValue((site.Id, name, outer), out ParentLink? existing))
        {
            return existing;
        }

        lock (_addLock)
        {
            if (_count > MaxNamedLinks && name is not null)
            {
                return Intern(site, null, outer);
            }

            if (_byKey.TryGetValue((site.Id, name, outer), out existing))
            {
                return existing;
            }

            if (_count > MaxLinks)
            {
                return null;
            }

            var link = new ParentLink(_count, site, name, FindById(outer));
            _added?.Invoke(link);
            ParentLink?[] all = _all;
            if (_count == all.Length)
            {
                Array.Resize(ref all, all.Length * 2);
            }

            all[_count++] = link;
            Volatile.Write(ref _all, all);
            _byKey[(site.Id, name, outer)] = link;
            return link;
        }
    }
}
