using System.Text.Json;

namespace LeakScope.Cli.Reporting;

/// <summary>Writes a report to the console or to a file that only the current user can read.</summary>
internal static class ReportOutput
{
    public static void Write(LeakReport report, ReportFormat format, string? path, TextWriter console)
    {
        if (path is null)
        {
            Render(report, format, console);
            return;
        }

        UserOnlyFile.Write(path, "the report", stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            Render(report, format, writer);
        });
    }

    private static void Render(LeakReport report, ReportFormat format, TextWriter writer)
    {
        if (format == ReportFormat.Json)
        {
            writer.WriteLine(JsonSerializer.Serialize(report, ReportJsonContext.Default.LeakReport));
        }
        else
        {
            TextReportWriter.Write(report, writer);
        }
    }
}
