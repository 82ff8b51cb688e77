using System.Globalization;
using System.Text;
using LeakScope.Cli.CommandLine;

namespace LeakScope.Cli.Reporting;

/// <summary>Writes a report to the console or to a file that only the current user can read, as it goes (never as one string).</summary>
internal static class ReportOutput
{
    /// <summary>Writes the report; text shows paths relative to the git work tree of the current directory, JSON keeps them as compiled.</summary>
    public static void Write(LeakReport report, ReportFormat format, string? path, ToolConsole console)
    {
        var sources = new SourceTree(SourceTree.DefaultRoot(Environment.CurrentDirectory));
        if (path is null)
        {
            if (format == ReportFormat.Json)
            {
                using var stream = new TextWriterStream(console.Out);
                ReportJsonWriter.Write(report, stream);
                console.Out.WriteLine();
            }
            else if (format == ReportFormat.Html)
            {
                HtmlReportWriter.Write(report, sources, console.Out);
            }
            else
            {
                TextReportWriter.Write(report, sources, console.Out, console.UseColor);
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
                if (format == ReportFormat.Html)
                {
                    HtmlReportWriter.Write(report, sources, writer);
                }
                else
                {
                    TextReportWriter.Write(report, sources, writer);
                }
            }
        });
        console.Error.WriteLine(Written(path, report));
    }

    /// <summary>The line on stderr for a report written to a file: nothing else on the console says where it went or what it found.</summary>
    public static string Written(string path, LeakReport report)
    {
        int sites = report.Groups.Count;
        return DisplayText.Escape(string.Create(CultureInfo.InvariantCulture, $"Report written to {path}: {report.Verdict.ToUpperInvariant()}, {sites} site{(sites == 1 ? string.Empty : "s")}"));
    }
}
