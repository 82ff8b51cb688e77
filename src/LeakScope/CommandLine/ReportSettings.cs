using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

internal sealed record ReportSettings(string File, ReportFormat Format, string? Output, TimeSpan MinAge, bool Stacks);
