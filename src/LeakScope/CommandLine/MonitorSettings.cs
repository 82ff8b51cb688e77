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
    /// <summary>Alert conditions, the growth rule and the trigger (<c>--fail-on</c>, <c>--max-open</c>, <c>--max-age</c>, <c>--on-leak</c>).</summary>
    public AlertSettings Alerts { get; init; } = AlertSettings.None;
}
