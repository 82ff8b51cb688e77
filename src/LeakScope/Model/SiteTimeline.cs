namespace LeakScope.Cli.Model;

/// <summary>
/// Per call site, the open scopes over time, from the target's per-site summaries (docs/events.md),
/// in bounded memory whatever the session's length and the number of sites: at most
/// <see cref="MaxPoints"/> points per site on one time grid, whose step doubles (pairs of points
/// merge) when the grid is full, and at most <see cref="MaxSites"/> sites with a series of their own;
/// the others are summed into one "other" series. Each point is the open count the last summary
/// in its interval gave. Not thread-safe: the tracker feeds it under its lock.
/// </summary>
/// <param name="maxPoints">Points per series at most (at least 2).</param>
/// <param name="maxSites">Sites with a series of their own at most.</param>
/// <param name="firstStep">The grid's step until it first fills.</param>
internal sealed class SiteTimeline(int maxPoints = SiteTimeline.DefaultMaxPoints, int maxSites = SiteTimeline.DefaultMaxSites, TimeSpan? firstStep = null)
{
    public const int DefaultMaxPoints = 600;
    public const int DefaultMaxSites = 200;

    /// <summary>A point before a site's series began: its scopes were counted in "other" then.</summary>
    public const long Unknown = -1;

    private readonly Dictionary<SiteInfo, Series> _kept = [];
    private readonly Dictionary<SiteInfo, long> _folded = [];
    private readonly Series _other = new(maxPoints, 0, 0);
    private KeyValuePair<SiteInfo, Series>? _smallest;
    private DateTime? _origin;
    private TimeSpan _step = firstStep ?? TimeSpan.FromSeconds(1);
    private int _points;

    public int MaxPoints { get; } = Math.Max(maxPoints, 2);

    public int MaxSites { get; } = Math.Max(maxSites, 0);

    /// <summary>A site's summary: it had <paramref name="open"/> scopes open at <paramref name="at"/> (the event's time).</summary>
    public void Record(SiteInfo site, DateTime at, long open)
    {
        open = Math.Max(open, 0);
        _origin ??= at;
        int point = PointOf(at);
        _points = Math.Max(_points, point + 1);
        if (_kept.TryGetValue(site, out Series? series))
        {
            series.Set(point, open);
            if (_smallest?.Value == series)
            {
                // Its peak may have risen: the smallest is found again when next needed.
                _smallest = null;
            }
        }
        else if (_folded.TryGetValue(site, out long level))
        {
            if (!Promote(site, point, open, level))
            {
                SetOther(point, open - level);
                _folded[site] = open;
            }
        }
        else
        {
            Admit(site, point, open);
        }
    }

    /// <summary>The timeline as it stands, every series carried to the last point; null before any summary.</summary>
    public TimelineView? Freeze()
    {
        if (_origin is not { } origin)
        {
            return null;
        }

        var series = _kept.Select(kept => new TimelineSeries(kept.Key, kept.Value.ToArray(_points))).ToList();
        return new TimelineView(origin, _step, _points, series, _folded.Count > 0 ? _other.ToArray(_points) : null, _folded.Count);
    }

    private int PointOf(DateTime at)
    {
        // Events of one session are not strictly ordered across threads: an early one joins the first point.
        TimeSpan since = at - _origin!.Value;
        long point = since <= TimeSpan.Zero ? 0 : since.Ticks / _step.Ticks;
        while (point >= MaxPoints)
        {
            Halve();
            point = since.Ticks / _step.Ticks;
        }

        return (int)point;
    }

    private void Halve()
    {
        _step *= 2;
        foreach (Series series in _kept.Values)
        {
            series.Halve();
        }

        _other.Halve();
        _points = (_points + 1) / 2;
    }

    /// <summary>A new site gets a series when there is room, or when it has more open than the smallest kept site ever had.</summary>
    private void Admit(SiteInfo site, int point, long open)
    {
        if (_kept.Count < MaxSites)
        {
            // A site the summaries never named before had nothing open: the runtime names every site with scopes open.
            var fresh = new Series(MaxPoints, point, 0);
            fresh.Set(point, open);
            _kept[site] = fresh;
            _smallest = null;
            return;
        }

        if (!Promote(site, point, open, 0))
        {
            SetOther(point, open);
            _folded[site] = open;
        }
    }

    /// <summary>
    /// A summed site that now has more open than the smallest kept site ever had takes that site's
    /// place: the smaller one's whole series is added to "other", and the larger one's series starts
    /// here (its earlier points are in "other", so they are <see cref="Unknown"/>).
    /// </summary>
    private bool Promote(SiteInfo site, int point, long open, long level)
    {
        if (MaxSites == 0)
        {
            return false;
        }

        // Cached: every summary of a summed site asks, and peaks change only at kept sites.
        KeyValuePair<SiteInfo, Series> smallest = _smallest ??= _kept.MinBy(kept => kept.Value.Peak);
        if (open <= smallest.Value.Peak)
        {
            return false;
        }

        _kept.Remove(smallest.Key);
        _smallest = null;
        _other.Fill(_points - 1);
        _other.AddSeries(smallest.Value, _points);
        _folded[smallest.Key] = smallest.Value.Level;
        _folded.Remove(site);
        SetOther(point, -level);
        var promoted = new Series(MaxPoints, point, Unknown);
        promoted.Set(point, open);
        _kept[site] = promoted;
        return true;
    }

    private void SetOther(int point, long change) => _other.Set(point, _other.Level + change);

    /// <summary>One site's points, written up to the last summary and carried forward from there.</summary>
    private sealed class Series
    {
        private readonly long[] _values;
        private int _written;

        public Series(int capacity, int start, long before)
        {
            _values = new long[capacity];
            Array.Fill(_values, before, 0, start);
            _written = start;
            Level = before == Unknown ? 0 : before;
        }

        public long Level { get; private set; }

        public long Peak { get; private set; }

        public void Set(int point, long open)
        {
            Fill(point - 1);
            _values[point] = open;
            _written = Math.Max(_written, point + 1);
            Level = open;
            Peak = Math.Max(Peak, open);
        }

        /// <summary>Carries the current level forward through <paramref name="last"/>: no summary meant no change.</summary>
        public void Fill(int last)
        {
            for (; _written <= last; _written++)
            {
                _values[_written] = Level;
            }
        }

        /// <summary>Adds another series, point by point, carried to <paramref name="points"/>; its unknown points add nothing.</summary>
        public void AddSeries(Series other, int points)
        {
            other.Fill(points - 1);
            Fill(points - 1);
            for (int i = 0; i < points; i++)
            {
                _values[i] += Math.Max(other._values[i], 0);
            }

            Level += other.Level;
            Peak = Math.Max(Peak, Level);
        }

        /// <summary>Merges pairs of points into one of twice the step, keeping the later: the count at the end of the merged interval.</summary>
        public void Halve()
        {
            int merged = (_written + 1) / 2;
            for (int i = 0; i < merged; i++)
            {
                int later = (2 * i) + 1;
                _values[i] = later < _written ? _values[later] : _values[2 * i];
            }

            _written = merged;
        }

        public long[] ToArray(int points)
        {
            Fill(points - 1);
            return _values[..points];
        }
    }
}
