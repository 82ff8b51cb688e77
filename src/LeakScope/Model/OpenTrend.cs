namespace LeakScope.Cli.Model;

/// <summary>
/// The sampled open count of one call site: its least-squares slope over everything observed (from
/// running sums, so a day of samples costs no more than one) and whether it is growing by a
/// <see cref="GrowthRule"/> over the recent window (the only samples kept).
/// </summary>
internal sealed class OpenTrend(GrowthRule rule)
{
    private readonly Queue<(DateTime At, long Open)> _recent = new();
    private DateTime _first;
    private long _count;

    // Sums for the least-squares line open = a + b * t, t in seconds since the first sample (small numbers keep doubles exact enough).
    private double _sumT;
    private double _sumOpen;
    private double _sumTT;
    private double _sumTOpen;

    public GrowthRule Rule { get; } = rule;

    public long Samples => _count;

    public long Latest { get; private set; }

    public DateTime LatestAt { get; private set; }

    /// <summary>From the first sample to the latest.</summary>
    public TimeSpan Observed => _count == 0 ? TimeSpan.Zero : LatestAt - _first;

    /// <summary>Scopes per minute by which the open count rose (negative: fell) over everything observed; 0 before two samples apart in time.</summary>
    public double SlopePerMinute
    {
        get
        {
            double denominator = (_count * _sumTT) - (_sumT * _sumT);
            return _count < 2 || denominator <= 0 ? 0 : (((_count * _sumTOpen) - (_sumT * _sumOpen)) / denominator) * 60;
        }
    }

    /// <summary>The floor of the open count rose in every part of a whole window, by <see cref="GrowthRule.MinRise"/> at least (<see cref="GrowthRule"/>).</summary>
    public bool Growing
    {
        get
        {
            if (_recent.Count < GrowthRule.Parts * GrowthRule.SamplesPerPart)
            {
                return false;
            }

            DateTime windowStart = LatestAt - Rule.Window;
            if (_recent.Peek().At > windowStart)
            {
                // The samples do not cover a whole window yet.
                return false;
            }

            long[] floors = new long[GrowthRule.Parts];
            int[] counts = new int[GrowthRule.Parts];
            Array.Fill(floors, long.MaxValue);
            double partTicks = (double)Rule.Window.Ticks / GrowthRule.Parts;
            foreach ((DateTime at, long open) in _recent)
            {
                // The oldest sample may lie just before the window: it stands for its start.
                int part = Math.Clamp((int)((at - windowStart).Ticks / partTicks), 0, GrowthRule.Parts - 1);
                floors[part] = Math.Min(floors[part], open);
                counts[part]++;
            }

            for (int part = 0; part < GrowthRule.Parts; part++)
            {
                if (counts[part] < GrowthRule.SamplesPerPart || (part > 0 && floors[part] <= floors[part - 1]))
                {
                    return false;
                }
            }

            return floors[^1] - floors[0] >= Rule.MinRise;
        }
    }

    /// <summary>Adds a sample; samples come in time order (the tool's clock as summaries arrive).</summary>
    public void Add(DateTime at, long open)
    {
        if (_count > 0 && at < LatestAt)
        {
            at = LatestAt;
        }

        if (_count == 0)
        {
            _first = at;
        }

        double t = (at - _first).TotalSeconds;
        _count++;
        _sumT += t;
        _sumOpen += open;
        _sumTT += t * t;
        _sumTOpen += t * open;
        Latest = open;
        LatestAt = at;

        _recent.Enqueue((at, open));

        // Keeps one sample at or before the window's start, so a full window can be told from a short one.
        DateTime windowStart = at - Rule.Window;
        while (_recent.Count > 1 && SecondAt() <= windowStart)
        {
            _recent.Dequeue();
        }
    }

    private DateTime SecondAt()
    {
        using Queue<(DateTime At, long Open)>.Enumerator e = _recent.GetEnumerator();
        e.MoveNext();
        e.MoveNext();
        return e.Current.At;
    }
}
