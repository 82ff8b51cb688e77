namespace LeakScope.Registry;

/// <summary>
/// The most recent scopes abandoned at one call site, at most <see cref="Capacity"/>, oldest evicted
/// first, with the count of every one since the process started. A snapshot lists them, so a tool
/// that attaches after the collector found them still reports them (docs/events.md). Abandoning runs
/// on the finalizer thread, far from the enter/exit path, so a lock is cheap here.
/// </summary>
internal sealed class AbandonedRecord
{
    /// <summary>Scopes kept per call site: enough to show a pattern, bounded whatever the app leaks.</summary>
    public const int DefaultCapacity = Diagnostics.AbandonedRecordContract.ScopesPerSite;

    private const int InitialSize = 8;

    private readonly object _lock = new();
    private AbandonedScope[] _entries;
    private int _count;
    private int _oldest;
    private long _total;

    public AbandonedRecord(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _entries = new AbandonedScope[Math.Min(capacity, InitialSize)];
    }

    public int Capacity { get; }

    /// <summary>Every scope abandoned at the site, kept or not.</summary>
    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public void Add(in AbandonedScope scope)
    {
        lock (_lock)
        {
            _total++;
            if (Capacity == 0)
            {
                return;
            }

            if (_count < Capacity)
            {
                // Grows to the capacity only at sites that abandon that many.
                if (_count == _entries.Length)
                {
                    Array.Resize(ref _entries, Math.Min(Capacity, _entries.Length * 2));
                }

                _entries[_count++] = scope;
                return;
            }

            _entries[_oldest] = scope;
            _oldest = (_oldest + 1) % Capacity;
        }
    }

    /// <summary>Appends the kept scopes, oldest first, and returns the total at the same moment.</summary>
    public long CopyTo(List<AbandonedScope> into)
    {
        lock (_lock)
        {
            for (int i = 0; i < _count; i++)
            {
                into.Add(_entries[(_oldest + i) % _count]);
            }

            return _total;
        }
    }
}
