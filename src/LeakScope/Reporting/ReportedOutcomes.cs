namespace LeakScope.Cli.Reporting;

/// <summary>A call site's exits by outcome (docs/events.md, <c>ScopeExited</c>'s <c>outcome</c>); every field always present.</summary>
internal sealed record ReportedOutcomes(
    long Unspecified,
    long Completed,
    long Faulted,
    long Closed,
    long Disposed,
    long Collected,
    long Committed,
    long RolledBack)
{
    /// <summary>The outcomes with exits, as words: "3 completed, 1 faulted".</summary>
    public IEnumerable<(string Outcome, long Count)> NonZero()
    {
        (string, long)[] all =
        [
            ("committed", Committed), ("rolled back", RolledBack), ("completed", Completed), ("faulted", Faulted),
            ("closed", Closed), ("disposed", Disposed), ("collected", Collected), ("unspecified", Unspecified),
        ];
        return all.Where(outcome => outcome.Item2 > 0);
    }
}
