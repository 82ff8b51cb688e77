using System.Globalization;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// A self-contained HTML page (docs/report-format.md#html): verdict, notes, per call site the open
/// scopes over time with a growth verdict, the leak sites and the leaks. One file, no network: style
/// and script are inline and allowed by hash, the timeline is a JSON data island the script draws as
/// SVG. Every text from the target is escaped (<see cref="HtmlText"/>). Its size is bounded: the
/// timeline by <see cref="SiteTimeline"/>, the tables by <see cref="MaxLeakRows"/> and <see cref="MaxSiteRows"/>.
/// </summary>
internal static class HtmlReportWriter
{
    /// <summary>Leaks listed one per row at most; the JSON report lists every one.</summary>
    public const int MaxLeakRows = 1000;

    /// <summary>Leak sites listed at most.</summary>
    public const int MaxSiteRows = 500;

    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string process = HtmlText.Encode(report.Target.ProcessName);
        output.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlReportAssets.ContentSecurityPolicy}\">\n");
        output.Write(string.Create(c, $"<title>LeakScope {report.Command}: {process} ({report.Target.Pid}): {report.Verdict}</title>\n"));
        output.Write("<style>" + HtmlReportAssets.Style + "</style>\n</head><body>\n");
        output.Write(string.Create(c, $"<h1>LeakScope {report.Command}: {process} ({report.Target.Pid})</h1>\n"));
        output.Write($"<p>Verdict: <span id=\"verdict\" class=\"verdict verdict-{HtmlText.Encode(report.Verdict)}\">{HtmlText.Encode(report.Verdict.ToUpperInvariant())}</span></p>\n");
        WriteFacts(report, output);
        output.Write("<ul id=\"page-errors\"></ul>\n");
        if (report.Notes.Count > 0)
        {
            output.Write("<h2>Notes</h2>\n<ul id=\"notes\">\n");
            foreach (string note in report.Notes)
            {
                output.Write("<li>" + HtmlText.Encode(note) + "</li>\n");
            }

            output.Write("</ul>\n");
        }

        HtmlTimelineSection.Write(report, sources, output);
        HtmlAgesSection.Write(report, sources, output);
        HtmlExitsSection.Write(report, sources, output);
        WriteGroups(report, sources, output);
        WriteLeaks(report, sources, output);
        WriteProcesses(report, output);
        output.Write("<script type=\"application/json\" id=\"leakscope-timeline\">");
        HtmlTimelineSection.WriteData(report, sources, output);
        output.Write("</script>\n<script>" + HtmlReportAssets.Script + "</script>\n</body></html>\n");
    }

    /// <summary>
    /// Who owned a leaked scope. Owners are tracked by another part of issue 11; until a leak carries
    /// one, the column stays in the page, empty, so adding them changes one method.
    /// </summary>
    private static string OwnerOf(ReportedLeak leak) => string.Empty;

    private static void WriteFacts(LeakReport report, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<dl class=\"facts\">\n");
        Fact(output, "Ending", HtmlText.Encode(report.Ending));
        Fact(output, "Observed", string.Create(c, $"{report.ObservedSeconds:0.###} s"));
        Fact(output, "Leak threshold", report.Ending == Endings.OpenAtExit ? "every scope open at exit" : string.Create(c, $"open at least {report.MinAgeSeconds:0.###} s"));
        Fact(output, "In flight", string.Create(c, $"{report.InFlight} younger scope(s), counted, not listed"));
        Fact(output, "Events lost", report.EventsLost.ToString(c));
        if (report.Partial)
        {
            Fact(output, "Partial", "the trace file ends abruptly");
        }

        if (report.Invocation is { } invocation)
        {
            Fact(output, "Command", HtmlText.Encode(string.Join(' ', invocation.CommandLine)));
            Fact(output, "Command exit code", invocation.ExitCode is { } code ? code.ToString(c) : "did not finish");
        }

        Fact(output, "Generated", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", c));
        output.Write("</dl>\n");
    }

    private static void Fact(TextWriter output, string term, string html) => output.Write($"<dt>{term}</dt><dd>{html}</dd>\n");

    private static void WriteGroups(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<h2>Leak sites</h2>\n");
        if (report.Groups.Count == 0)
        {
            output.Write("<p id=\"no-leaks\">No scope entered and never exited.</p>\n");
            return;
        }

        output.Write("<table id=\"leak-sites\"><thead><tr><th class=\"num\">Count</th><th class=\"num\">Abandoned</th><th>Kind</th><th>Opened at</th><th>Member</th><th class=\"num\">Oldest</th><th>Names</th></tr></thead><tbody>\n");
        foreach (LeakGroup group in report.Groups.Take(MaxSiteRows))
        {
            string abandoned = group.AbandonedUnlisted > 0 ? string.Create(c, $"{group.Abandoned} (+{group.AbandonedUnlisted} not listed)") : group.Abandoned.ToString(c);
            output.Write(string.Create(c, $"<tr><td class=\"num\">{group.Count}</td><td class=\"num\">{abandoned}</td><td class=\"text\">{HtmlText.Encode(group.Kind)}</td><td class=\"text\">{HtmlText.Encode(sources.Display(group.File))}:{group.Line}</td><td class=\"text\">{HtmlText.Encode(group.Member)}</td><td class=\"num\">{group.OldestAgeSeconds:0.0} s</td><td class=\"text\">{HtmlText.Encode(string.Join(", ", group.ExampleNames))}</td></tr>\n"));
        }

        output.Write("</tbody></table>\n");
        if (report.Groups.Count > MaxSiteRows)
        {
            output.Write(string.Create(c, $"<p class=\"muted\">{report.Groups.Count - MaxSiteRows} more leak sites are not shown; --format json lists every one.</p>\n"));
        }
    }

    private static void WriteLeaks(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (report.Leaks.Count == 0)
        {
            return;
        }

        bool pids = report.Processes is not null;
        output.Write("<h2>Leaks</h2>\n<table id=\"leaks\"><thead><tr>" + (pids ? "<th class=\"num\">Pid</th>" : string.Empty)
            + "<th class=\"num\">Id</th><th>Kind</th><th>Name</th><th>Owner</th><th>Opened at</th><th class=\"num\">Thread</th><th>Entered at (UTC)</th><th class=\"num\">Age</th><th>State</th></tr></thead><tbody>\n");
        int row = 0;
        foreach (ReportedLeak leak in report.Leaks)
        {
            if (row++ == MaxLeakRows)
            {
                break;
            }

            string pid = pids ? string.Create(c, $"<td class=\"num\">{leak.Pid}</td>") : string.Empty;
            output.Write(string.Create(c, $"<tr>{pid}<td class=\"num\">{leak.Id}</td><td class=\"text\">{HtmlText.Encode(leak.Kind)}</td><td class=\"text\">{HtmlText.Encode(leak.Name)}</td><td class=\"text owner\">{HtmlText.Encode(OwnerOf(leak))}</td><td class=\"text\">{HtmlText.Encode(sources.Display(leak.File))}:{leak.Line} ({HtmlText.Encode(leak.Member)})</td><td class=\"num\">{leak.ThreadId}</td><td>{leak.EnteredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}</td><td class=\"num\">{leak.AgeSeconds:0.0} s</td><td>{HtmlText.Encode(leak.State)}</td></tr>\n"));
        }

        output.Write("</tbody></table>\n");
        if (report.Leaks.Count > MaxLeakRows)
        {
            output.Write(string.Create(c, $"<p class=\"muted\">{report.Leaks.Count - MaxLeakRows} more leaks are not shown; the leak sites above count them all, and --format json lists every one.</p>\n"));
        }
    }

    private static void WriteProcesses(LeakReport report, TextWriter output)
    {
        if (report.Processes is not { Count: > 0 } processes)
        {
            return;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<h2>Processes</h2>\n<table id=\"processes\"><thead><tr><th class=\"num\">Pid</th><th>Process</th><th>Uses LeakScope</th><th>Ending</th><th class=\"num\">Leaks</th><th class=\"num\">Events lost</th><th>Notes</th></tr></thead><tbody>\n");
        foreach (ProcessEntry process in processes)
        {
            output.Write(string.Create(c, $"<tr><td class=\"num\">{process.Pid}</td><td class=\"text\">{HtmlText.Encode(process.ProcessName)}</td><td>{(process.Instrumented ? "yes" : "no")}</td><td>{HtmlText.Encode(process.Ending)}</td><td class=\"num\">{process.Leaks}</td><td class=\"num\">{process.EventsLost}</td><td class=\"text\">{HtmlText.Encode(string.Join(" ", process.Notes))}</td></tr>\n"));
        }

        output.Write("</tbody></table>\n");
        if (report.Suppressed is { Count: > 0 } suppressed)
        {
            output.Write(string.Create(c, $"<p>Accepted: {suppressed.Sum(s => s.Count)} leak(s) at {suppressed.Count} site(s) (ignored or in the baseline).</p>\n"));
        }
    }
}
