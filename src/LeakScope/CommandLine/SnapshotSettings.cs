using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

internal sealed record SnapshotSettings(int? Pid, string? Name, ReportFormat Format, string? Output, TimeSpan MinAge, bool Stacks, TimeSpan AttachTimeout);
