using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Check;

/// <summary>Writes a check report in one format, to a file only this user can read (replaced whole) or to standard output.</summary>
internal static class CheckReportOutput
{
    /// <param name="report">The merged report.</param>
    /// <param name="output">Its format and file.</param>
    /// <param name="sources">What paths are shown relative to.</param>
    /// <param name="console">Standard output, for a report written there.</param>
    /// <param name="status">Standard error, where a report written to a file is announced.</param>
    public static void Write(LeakReport report, CheckOutput output, SourceTree sources, TextWriter console, TextWriter status)
    {
        if (output.Path is null)
        {
            using (var stream = new TextWriterStream(console))
            {
                Render(report, output.Format, sources, stream);
            }

            console.Flush();
            return;
        }

        UserOnlyFile.Write(output.Path, "the report", stream => Render(report, output.Format, sources, stream));
        status.WriteLine(ReportOutput.Written(output.Path, report));
    }

    private static void Render(LeakReport report, CheckFormat format, SourceTree sources, Stream stream)
    {
        switch (format)
        {
            case CheckFormat.Json:
                ReportJsonWriter.Write(report, stream);
                stream.WriteByte((byte)'\n');
                break;
            case CheckFormat.Sarif:
                SarifWriter.Write(report, sources, stream);
                break;
            case CheckFormat.Junit:
                JUnitWriter.Write(report, sources, stream);
                break;
            default:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    if (format == CheckFormat.Markdown)
                    {
                        MarkdownWriter.Write(report, sources, writer);
                    }
                    else if (format == CheckFormat.Html)
                    {
                        HtmlReportWriter.Write(report, sources, writer);
                    }
                    else
                    {
                        CheckSummaryWriter.Write(report, sources, writer);
                    }
                }

                break;
        }
    }
}
