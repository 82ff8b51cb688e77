namespace LeakScope.Cli.Reporting;

/// <summary>The report every command produces; its JSON form is documented in docs/report-format.md.</summary>
internal sealed record LeakReport(
    int SchemaVersion,
    string Command,
    ReportTarget Target,
    string Verdict,
    string Ending,
    long EventsLost,
    bool Partial,
    double MinAgeSeconds,
    DateTimeOffset GeneratedAt,
    double ObservedSeconds,
    int InFlight,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ReportedLeak> Leaks,
    IReadOnlyList<LeakGroup> Groups)
{
    /// <summary><c>check</c> only: the command that was run and how it ended.</summary>
    public CheckedCommand? Invocation { get; init; }

    /// <summary><c>check</c> only: every .NET process the command started, the command's own first.</summary>
    public IReadOnlyList<ProcessEntry>? Processes { get; init; }

    /// <summary><c>check</c> only: leak sites accepted by <c>--ignore</c>, <c>--ignore-site</c> or the baseline.</summary>
    public IReadOnlyList<SuppressedGroup>? Suppressed { get; init; }

    /// <summary>
    /// <c>monitor</c> and <c>report</c>: per call site, the open scopes over time, for the HTML report
    /// (not part of the JSON form); null when the command keeps none.
    /// </summary>
    public Model.TimelineView? Timeline { get; init; }

    /// <summary><c>check</c> only: baseline entries that no longer leak.</summary>
    public IReadOnlyList<BaselineEntry>? StaleBaseline { get; init; }

    /// <summary><c>monitor</c> only: the alert condition that held and ended the run, or fired its trigger.</summary>
    public ReportedAlert? Alert { get; init; }

    /// <summary>Per call site: scopes open at the end by age, and with <c>monitor</c> the trend of the open count.</summary>
    public IReadOnlyList<ReportedSite>? Sites { get; init; }

    /// <summary>
    /// <c>monitor</c>, <c>report</c>: which exits the sites' <c>exits</c> count: <c>all</c> in full mode,
    /// <c>announced</c> otherwise (only scopes open longer than the threshold, or listed by a snapshot).
    /// </summary>
    public string? ExitsSeen { get; init; }
}
