namespace LeakScope.Benchmarks.Reporting;

/// <summary>A leak as the tool held it before reports were streamed: an object per leak (ReportedLeak until issue #14).</summary>
internal sealed record LegacyLeak(
    long Id,
    string Kind,
    string Name,
    string File,
    int Line,
    string Member,
    int ThreadId,
    DateTimeOffset EnteredAt,
    double AgeSeconds,
    long ParentId,
    string State,
    string? Stack)
{
    public int? Pid { get; init; }
}
