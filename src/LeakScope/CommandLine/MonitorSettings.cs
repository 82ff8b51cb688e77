using LeakScope.Cli.Alerts;
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

    /// <summary>Alert conditions, the growth rule and the trigger (<c>--fail-on</c>, <c>--max-open</c>, <c>--max-age</c>, <c>--on-leak</c>).</summary>
    public AlertSettings Alerts { get; init; } = AlertSettings.None;
}
