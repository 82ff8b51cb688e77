using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

internal sealed record SnapshotSettings(int? Pid, string? Name, ReportFormat Format, string? Output, TimeSpan MinAge, bool Stacks, TimeSpan AttachTimeout)
{
    /// <summary><c>--diagnostic-port</c>: listen here for the process to connect (or, with <c>,connect</c>, connect to this socket) instead of finding it by pid or name.</summary>
    public string? DiagnosticPort { get; init; }
}
