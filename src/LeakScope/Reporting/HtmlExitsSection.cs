using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The HTML report's "Exits by outcome": per call site, how the scopes the session saw exit ended
/// (the report's <c>sites[].exits</c>, docs/report-format.md#exits), with the exception types of
/// faulted ones; <c>monitor</c> and <c>report</c> only, as other commands see no exits.
/// </summary>
internal static class HtmlExitsSection
{
    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        List<ReportedSite> sites = [.. (report.Sites ?? []).Where(site => site.Exits is not null).OrderByDescending(site => site.Exits!.Count)];
        if (report.ExitsSeen is not { } seen || sites.Count == 0)
        {
            return;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<h2>Exits by outcome</h2>\n");
        output.Write(seen == ExitsSeenValues.All
            ? "<p class=\"muted\">Per call site, how every scope seen exiting ended.</p>\n"
            : "<p class=\"muted\">Per call site, how the scopes seen exiting ended: only those open longer than the announce threshold or listed by a snapshot; --all-events counts every exit.</p>\n");
        output.Write("<table id=\"site-exits\"><thead><tr><th>Kind</th><th>Call site</th><th class=\"num\">Exits</th><th class=\"num\">Committed</th><th class=\"num\">Rolled back</th><th class=\"num\">Completed</th><th class=\"num\">Faulted</th><th class=\"num\">Closed</th><th class=\"num\">Disposed</th><th class=\"num\">Collected</th><th class=\"num\">Unspecified</th><th>Exception types</th></tr></thead><tbody>\n");
        foreach (ReportedSite site in sites.Take(HtmlReportWriter.MaxSiteRows))
        {
            ReportedExits exits = site.Exits!;
            ReportedOutcomes o = exits.Outcomes;
            IEnumerable<string> types = exits.ExceptionTypes.Select(type => string.Create(c, $"{type.Count} {HtmlText.Encode(type.Type)}"));
            if (exits.OtherExceptionTypes > 0)
            {
                types = types.Append(string.Create(c, $"{exits.OtherExceptionTypes} of other types"));
            }

            output.Write(string.Create(c, $"<tr class=\"site-exit\"><td class=\"text\">{HtmlText.Encode(site.Kind)}</td><td class=\"text\">{HtmlText.Encode(sources.Display(site.File))}:{site.Line} ({HtmlText.Encode(site.Member)})</td><td class=\"num\">{exits.Count}</td>"));
            output.Write(string.Create(c, $"<td class=\"num\">{o.Committed}</td><td class=\"num\">{o.RolledBack}</td><td class=\"num\">{o.Completed}</td><td class=\"num\">{o.Faulted}</td><td class=\"num\">{o.Closed}</td><td class=\"num\">{o.Disposed}</td><td class=\"num\">{o.Collected}</td><td class=\"num\">{o.Unspecified}</td>"));
            output.Write("<td class=\"text\">" + string.Join(", ", types) + "</td></tr>\n");
        }

        output.Write("</tbody></table>\n");
        if (sites.Count > HtmlReportWriter.MaxSiteRows)
        {
            output.Write(string.Create(c, $"<p class=\"muted\">{sites.Count - HtmlReportWriter.MaxSiteRows} more call sites are not shown; --format json lists every one.</p>\n"));
        }
    }
}
