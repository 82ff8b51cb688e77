using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

internal sealed record DemoSettings(TimeSpan Duration, ReportFormat Format, string? Output);
