namespace LeakScope.Cli.Reporting;

/// <summary>
/// A call site with scopes open at the end, or whose open count <c>monitor</c> sampled, or with exits
/// seen: how many are open, how old they are, (<c>monitor</c> only) how the open count moved, and
/// how the scopes seen exiting ended (docs/report-format.md).
/// </summary>
internal sealed record ReportedSite(
    string Kind,
    string File,
    int Line,
    string Member,
    long Open,
    double OldestAgeSeconds,
    IReadOnlyList<AgeBucket> Ages)
{
    /// <summary><c>monitor</c> only: least-squares slope of the sampled open count, scopes per minute.</summary>
    public double? SlopePerMinute { get; init; }

    /// <summary><c>monitor</c> only: from the first sample of the open count to the last.</summary>
    public double? SampledSeconds { get; init; }

    /// <summary><c>monitor</c> only: the open count was growing by the growth rule when the report was made.</summary>
    public bool? Growing { get; init; }

    /// <summary><c>monitor</c> and <c>report</c>: how the scopes the session saw exit here ended; null when none was seen.</summary>
    public ReportedExits? Exits { get; init; }
}
