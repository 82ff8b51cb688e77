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
    IReadOnlyList<LeakGroup> Groups);
