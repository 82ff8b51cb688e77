using System.Text;

namespace LeakScope.Cli.Reporting;

/// <summary>Writes a report to the console or to a file that only the current user can read, as it goes (never as one string).</summary>
internal static class ReportOutput
{
    public static void Write(LeakReport report, ReportFormat format, string? path, TextWriter console)
    {
        if (path is null)
        {
            if (format == ReportFormat.Json)
            {
                using var stream = new TextWriterStream(console);
                ReportJsonWriter.Write(report, stream);
                console.WriteLine();
            }
            else
            {
                TextReportWriter.Write(report, console);
            }

            return;
        }

        UserOnlyFile.Write(path, "the report", stream =>
        {
            if (format == ReportFormat.Json)
            {
                ReportJsonWriter.Write(report, stream);
                stream.Write(Encoding.UTF8.GetBytes(Environment.NewLine));
            }
            else
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                TextReportWriter.Write(report, writer);
            }
        });
    }
}
