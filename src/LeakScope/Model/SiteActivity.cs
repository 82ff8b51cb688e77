namespace LeakScope.Cli.Model;

/// <summary>What the target's per-site summaries said lately: for the live table and its trend marker.</summary>
internal sealed class SiteActivity(SiteInfo site)
{
    private const int TrendWindow = 5;
    private readonly Queue<long> _recentOpen = new();

    public SiteInfo Site { get; } = site;

    public long OpenNow { get; private set; }

    public double EnteredPerSecond { get; private set; }

    public double ExitedPerSecond { get; private set; }

    /// <summary>The open count rose over the last few intervals and never fell: a likely leak in progress.</summary>
    public bool Growing
    {
        get
        {
            if (_recentOpen.Count < TrendWindow)
            {
                return false;
            }

            long[] values = [.. _recentOpen];
            int rises = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i] < values[i - 1])
                {
                    return false;
                }

                rises += values[i] > values[i - 1] ? 1 : 0;
            }

            return rises >= TrendWindow / 2;
        }
    }

    public void Record(long openNow, long entered, long exited, double intervalMs)
    {
        OpenNow = openNow;
        double seconds = Math.Max(intervalMs, 1) / 1000;
        EnteredPerSecond = entered / seconds;
        ExitedPerSecond = exited / seconds;
        _recentOpen.Enqueue(openNow);
        while (_recentOpen.Count > TrendWindow)
        {
            _recentOpen.Dequeue();
        }
    }
}
