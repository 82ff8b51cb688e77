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
    TimeSpan AttachTimeout)
{
    /// <summary><c>--diagnostic-port</c>: listen here for the process to connect, instead of attaching to <see cref="Pid"/> or <see cref="Name"/>.</summary>
    public string? DiagnosticPort { get; init; }
}
