namespace LeakScope.Cli.Reporting;

/// <summary>How a report is built: the age that makes an open scope a leak, how observation ended, and what was lost.</summary>
internal sealed record ReportOptions(
    TimeSpan MinAge,
    string Ending,
    long EventsLost,
    bool Authoritative,
    DateTimeOffset Now,
    TimeSpan Observed,
    bool Stacks,
    IReadOnlyList<string> Notes)
{
    /// <summary>The source ended abruptly: whatever the rest held is unknown, so no verdict can be given.</summary>
    public bool Partial { get; init; }

    /// <summary>Nothing said which scopes were open (no snapshot, announcement, exit or batch): clean cannot be claimed.</summary>
    public bool NoEvidence { get; init; }

    /// <summary>The target's runtime does not list scopes abandoned before the session (an older version): they are unknown.</summary>
    public bool AbandonedBeforeUnknown { get; init; }

    /// <summary>
    /// What was open at the end could not be settled (the target stopped answering the closing
    /// snapshot): the scopes seen are listed, but no verdict can be given.
    /// </summary>
    public bool Unsettled { get; init; }

    /// <summary><c>monitor</c>: the sites' sampled activity and the interval of the summaries behind it, for each site's trend.</summary>
    public (IReadOnlyCollection<Model.SiteActivity> Sites, TimeSpan SummaryInterval)? Activity { get; init; }

    /// <summary><c>monitor</c>: the alert condition that held; the verdict is then <c>leaks</c>, whatever the leak list holds.</summary>
    public ReportedAlert? Alert { get; init; }

    /// <summary>The scopes' ages cannot be trusted (a damaged clock): leaks found stand, but no scope being old enough proves nothing.</summary>
    public bool AgesUnknown { get; init; }

    /// <summary>
    /// <c>monitor</c>, <c>report</c>: per call site, how the scopes the session saw exit ended, and
    /// whether it saw every exit (full mode) or only those of scopes it was told about (<see cref="ExitsSeen"/>).
    /// </summary>
    public (IReadOnlyCollection<Model.SiteExits> Sites, bool EveryExit)? Exits { get; init; }
}
