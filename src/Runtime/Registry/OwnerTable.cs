using System.Collections.Concurrent;

namespace LeakScope.Registry;

/// <summary>
/// The owners of this process, interned to small ids (0 is "unowned"), and the owner flowing with
/// the current async flow. Owners are set rarely (once per test or request) and read on every
/// enter, so setting interns and reading is one field test and one AsyncLocal read.
/// </summary>
internal sealed class OwnerTable
{
    /// <summary>
    /// Distinct owners kept; beyond this every new (kind, name) shares one overflow owner per kind
    /// (for <see cref="MaxOverflowKinds"/> kinds, then one for all) rather than growing without bound
    /// (an app naming owners by raw URL, say).
    /// </summary>
    public const int MaxOwners = 100_000;

    /// <summary>Kinds that still get an overflow owner of their own past <see cref="MaxOwners"/>; past that, one owner for all.</summary>
    public const int MaxOverflowKinds = 1_000;

    public const string OverflowName = "(too many owners)";

    private readonly AsyncLocal<OwnerFrame?> _current = new();
    private readonly ConcurrentDictionary<(string Kind, string Name), ScopeOwner> _byKey = new();
    private readonly object _addLock = new();
    private ScopeOwner?[] _all = new ScopeOwner?[16];
    private int _count = 1;
    private Action<ScopeOwner>? _added;

    /// <summary>Set once the first owner is, so a process that never names one pays no AsyncLocal read on enter.</summary>
    public bool InUse;

    /// <summary>The owner's id on the current flow, 0 when none flows here.</summary>
    public int CurrentId => InUse ? OwnerFrame.Live(_current.Value)?.Owner.Id ?? 0 : 0;

    /// <summary>Makes <paramref name="owner"/> the current flow's owner until the returned frame is ended.</summary>
    public OwnerFrame Push(ScopeOwner owner)
    {
        var frame = new OwnerFrame(owner, OwnerFrame.Live(_current.Value));
        _current.Value = frame;
        return frame;
    }

    /// <summary>
    /// Ends <paramref name="frame"/>: it owns nothing entered after, on any flow. On the flow where it is
    /// current, the flow's value goes back to the first outer frame still live.
    /// </summary>
    public void End(OwnerFrame frame)
    {
        frame.MarkDisposed();
        OwnerFrame? current = _current.Value;
        if (current is not null && current.IsDisposed)
        {
            _current.Value = OwnerFrame.Live(current);
        }
    }

    /// <summary>Calls <paramref name="added"/> for every owner so far and, from now on, for each new one before it is published.</summary>
    public void AddListener(Action<ScopeOwner> added)
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

    /// <summary>The interned owner of this kind and name.</summary>
    public ScopeOwner Intern(string kind, string name)
    {
        if (_byKey.TryGetValue((kind, name), out ScopeOwner? existing))
        {
            return existing;
        }

        lock (_addLock)
        {
            if (_byKey.TryGetValue((kind, name), out existing))
            {
                return existing;
            }

            if (_count > MaxOwners + MaxOverflowKinds && kind != OverflowName)
            {
                return Intern(OverflowName, OverflowName);
            }

            if (_count > MaxOwners && name != OverflowName)
            {
                return Intern(kind, OverflowName);
            }

            var owner = new ScopeOwner(_count, kind, name);
            _added?.Invoke(owner);
            ScopeOwner?[] all = _all;
            if (_count == all.Length)
            {
                Array.Resize(ref all, all.Length * 2);
            }

            all[_count++] = owner;
            Volatile.Write(ref _all, all);
            _byKey[(kind, name)] = owner;
            InUse = true;
            return owner;
        }
    }

    /// <summary>The owner with this id, or null for 0 (unowned) and ids never given out.</summary>
    public ScopeOwner? FindById(int id)
    {
        ScopeOwner?[] all = Volatile.Read(ref _all);
        return (uint)id < (uint)all.Length ? all[id] : null;
    }

    /// <summary>Every owner so far; index 0 is empty (unowned), the array may be longer than <paramref name="count"/>.</summary>
    public ScopeOwner?[] All(out int count)
    {
        lock (_addLock)
        {
            count = _count;
            return _all;
        }
    }
}
