using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

internal sealed record MonitorSettings(
    int? Pid,
    string? Name,
    TimeSpan RefreshInterval,
    TimeSpan? Duration,
    TimeSpan MinAge,
    ReportFormat Format,
    string? Output,
    bool Stacks,
    bool AllEvents,
    TimeSpan AttachTimeout);
