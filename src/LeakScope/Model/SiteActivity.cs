namespace LeakScope.Cli.Model;

/// <summary>What the target's per-site summaries said lately: for the live table and its trend marker.</summary>
internal sealed class SiteActivity(SiteInfo site)
{
    private const int TrendWindow = 5;

    /// <summary>
    /// Summary intervals after the last summary until its rates no longer hold: the next one was due
    /// an interval later, and gets one more to arrive through the event stream.
    /// </summary>
    private const int IntervalsUntilQuiet = 2;

    private readonly Queue<long> _recentOpen = new();
    private double _enteredPerSecond;
    private double _exitedPerSecond;
    private DateTime _summarizedAt;

    public SiteInfo Site { get; } = site;

    public long OpenNow { get; private set; }

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

    /// <summary>
    /// The entered and exited rates as of <paramref name="now"/>: those of the last summary while it
    /// is current, else 0. The runtime sends no summary for a call site with nothing entered, exited
    /// or open in an interval, so a summary that is overdue means the site went quiet.
    /// </summary>
    /// <param name="now">The time to judge at, on the clock <see cref="Record"/> was given.</param>
    /// <param name="summaryInterval">The interval the session asked summaries for.</param>
    public (double Entered, double Exited) RatesAt(DateTime now, TimeSpan summaryInterval) =>
        now - _summarizedAt <= summaryInterval * IntervalsUntilQuiet ? (_enteredPerSecond, _exitedPerSecond) : (0, 0);

    /// <param name="openNow">Scopes open at the site now.</param>
    /// <param name="entered">Scopes entered in the interval.</param>
    /// <param name="exited">Scopes exited in the interval.</param>
    /// <param name="intervalMs">The interval the summary covers.</param>
    /// <param name="receivedAt">When the summary was received.</param>
    public void Record(long openNow, long entered, long exited, double intervalMs, DateTime receivedAt)
    {
        OpenNow = openNow;
        double seconds = Math.Max(intervalMs, 1) / 1000;
        _enteredPerSecond = entered / seconds;
        _exitedPerSecond = exited / seconds;
        _summarizedAt = receivedAt;
        _recentOpen.Enqueue(openNow);
        while (_recentOpen.Count > TrendWindow)
        {
            _recentOpen.Dequeue();
        }
    }
}
