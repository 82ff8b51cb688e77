using LeakScope.Registry;

namespace LeakScope.Cli.Model;

/// <summary>
/// Full-mode exits whose scope is not known (yet): the enter can still come, from another thread's
/// later batch, and must then be cancelled. Entries age out after <see cref="KeepFor"/> of the tool's time, far beyond any batch's reordering
/// (batches are flushed every 20 ms). An exit that finds the set full of younger entries is dropped
/// and counted, so the session is inconclusive rather than left with a phantom. Each keeps its
/// outcome, counted at its call site when the enter comes (<see cref="ExitOutcomes"/>).
/// </summary>
/// <param name="capacity">The most exits kept at once.</param>
/// <param name="clockMs">The tool's clock in milliseconds.</param>
internal sealed class EarlyExits(int capacity, Func<long> clockMs)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, (long ArrivedAtMs, int Outcome, string ExceptionType)> _exits = [];
    private long? _lastEvictionAtMs;

    /// <summary>Exits that could not be kept: an enter among them would be taken as a leak.</summary>
    public long Dropped { get; private set; }

    public int Count => _exits.Count;

    public bool Contains(long id) => _exits.ContainsKey(id);

    public bool Remove(long id) => _exits.Remove(id);

    /// <summary>Removes the exits of the <paramref name="count"/> ids from <paramref name="firstId"/>; returns how many there were.</summary>
    public int RemoveWithin(long firstId, long count)
    {
        int removed = 0;
        foreach (long id in _exits.Keys)
        {
            // Unsigned: one comparison for both ends, and a damaged first id near long.MaxValue cannot overflow it.
            if ((ulong)(id - firstId) < (ulong)count)
            {
                _exits.Remove(id);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Removes the exit of <paramref name="id"/>, giving how it ended.</summary>
    public bool Remove(long id, out int outcome, out string exceptionType)
    {
        bool found = _exits.Remove(id, out var exit);
        (outcome, exceptionType) = (exit.Outcome, exit.ExceptionType ?? string.Empty);
        return found;
    }

    public void Add(long id, int outcome = 0, string exceptionType = "")
    {
        if (_exits.Count >= capacity && !EvictOld())
        {
            Dropped++;
            return;
        }

        // Only a faulted exit's type is ever counted, and only as far as a report shows it: an entry stays small.
        string kept = outcome == (int)ScopeOutcome.Faulted ? SiteExits.Shortened(exceptionType) : string.Empty;
        _exits[id] = (clockMs(), outcome, kept);
    }

    /// <summary>Forgets exits older than <see cref="KeepFor"/>, at most once a second; true when room was made.</summary>
    private bool EvictOld()
    {
        long now = clockMs();
        if (now - _lastEvictionAtMs < 1000)
        {
            return false;
        }

        _lastEvictionAtMs = now;
        long oldest = now - (long)KeepFor.TotalMilliseconds;
        foreach ((long id, (long arrivedAtMs, _, _)) in _exits)
        {
            if (arrivedAtMs < oldest)
            {
                _exits.Remove(id);
            }
        }

        return _exits.Count < capacity;
    }
}
