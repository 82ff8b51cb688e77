namespace LeakScope.Cli.Reporting;

internal enum ReportFormat
{
    Text,
    Json,
    Html,
}
