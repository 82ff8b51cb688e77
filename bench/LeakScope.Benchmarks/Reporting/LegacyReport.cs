using LeakScope.Cli.Reporting;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>The report as the tool built it before reports were streamed: every leak materialised (LeakReport until issue #14).</summary>
internal sealed record LegacyReport(
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
    IReadOnlyList<LegacyLeak> Leaks,
    IReadOnlyList<LeakGroup> Groups);
