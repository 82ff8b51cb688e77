namespace LeakScope.Cli.Reporting;

internal sealed record ReportTarget(int Pid, string ProcessName, DateTimeOffset? StartTime);
