namespace LeakScope.Cli.Model;

/// <summary>
/// Full-mode exits whose scope is not known (yet): the enter can still come, from another thread's
/// later batch, and must then be cancelled. In full mode every announced scope's exit also comes
/// twice (its <c>ScopeExited</c>, then its record), and the second copy lands here for good; so
/// entries age out after <see cref="KeepFor"/> of the tool's time, far beyond any batch's reordering
/// (batches are flushed every 20 ms). An exit that finds the set full of younger entries is dropped
/// and counted, so the session is inconclusive rather than left with a phantom.
/// </summary>
/// <param name="capacity">The most exits kept at once.</param>
/// <param name="clockMs">The tool's clock in milliseconds.</param>
internal sealed class EarlyExits(int capacity, Func<long> clockMs)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, long> _arrivedAtMs = [];
    private long? _lastEvictionAtMs;

    /// <summary>Exits that could not be kept: an enter among them would be taken as a leak.</summary>
    public long Dropped { get; private set; }

    public int Count => _arrivedAtMs.Count;

    public bool Contains(long id) => _arrivedAtMs.ContainsKey(id);

    public bool Remove(long id) => _arrivedAtMs.Remove(id);

    public void Add(long id)
    {
        if (_arrivedAtMs.Count >= capacity && !EvictOld())
        {
            Dropped++;
            return;
        }

        _arrivedAtMs[id] = clockMs();
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
        foreach ((long id, long arrivedAtMs) in _arrivedAtMs)
        {
            if (arrivedAtMs < oldest)
            {
                _arrivedAtMs.Remove(id);
            }
        }

        return _arrivedAtMs.Count < capacity;
    }
}
