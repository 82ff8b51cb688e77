namespace LeakScope.Cli.Model;

/// <summary>What the target's per-site summaries said lately: for the live table, its trend marker and monitor's alert conditions.</summary>
internal sealed class SiteActivity(SiteInfo site, GrowthRule? growth = null)
{
    /// <summary>
    /// Summary intervals after the last summary until its rates no longer hold: the next one was due
    /// an interval later, and gets one more to arrive through the event stream.
    /// </summary>
    private const int IntervalsUntilQuiet = 2;

    private double _enteredPerSecond;
    private double _exitedPerSecond;
    private DateTime _summarizedAt;

    public SiteInfo Site { get; } = site;

    public long OpenNow { get; private set; }

    /// <summary>The open count sampled at every summary: its slope and whether it is growing.</summary>
    public OpenTrend Trend { get; } = new(growth ?? GrowthRule.Default);

    /// <summary>
    /// Whether the site is growing as of <paramref name="now"/>: never once its summaries stopped,
    /// as the runtime sends none for a site with nothing open.
    /// </summary>
    /// <param name="now">The time to judge at, on the clock <see cref="Record"/> was given.</param>
    /// <param name="summaryInterval">The interval the session asked summaries for.</param>
    public bool GrowingAt(DateTime now, TimeSpan summaryInterval) => IsCurrent(now, summaryInterval) && Trend.Growing;

    /// <summary>The open count as of <paramref name="now"/>: the last summary's while it is current, else 0 (a site with scopes open is summarized every interval).</summary>
    public long OpenAt(DateTime now, TimeSpan summaryInterval) => IsCurrent(now, summaryInterval) ? OpenNow : 0;

    /// <summary>
    /// The entered and exited rates as of <paramref name="now"/>: those of the last summary while it
    /// is current, else 0. The runtime sends no summary for a call site with nothing entered, exited
    /// or open in an interval, so a summary that is overdue means the site went quiet.
    /// </summary>
    /// <param name="now">The time to judge at, on the clock <see cref="Record"/> was given.</param>
    /// <param name="summaryInterval">The interval the session asked summaries for.</param>
    public (double Entered, double Exited) RatesAt(DateTime now, TimeSpan summaryInterval) =>
        IsCurrent(now, summaryInterval) ? (_enteredPerSecond, _exitedPerSecond) : (0, 0);

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
        Trend.Add(receivedAt, openNow);
    }

    private bool IsCurrent(DateTime now, TimeSpan summaryInterval) => now - _summarizedAt <= summaryInterval * IntervalsUntilQuiet;
}
