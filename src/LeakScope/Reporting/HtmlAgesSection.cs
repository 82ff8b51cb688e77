using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The HTML report's "Open scopes by age": per call site the scopes open at the end in the report's
/// fixed age buckets (its <c>sites</c>, docs/report-format.md#sites), with <c>monitor</c>'s slope and
/// growth when it sampled the site. What every command can show, <c>check</c> included: its ages are
/// those the leaks had when their process ended.
/// </summary>
internal static class HtmlAgesSection
{
    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        if (report.Sites is not { Count: > 0 } sites)
        {
            return;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<h2>Open scopes by age</h2>\n");
        output.Write(report.Command == "check"
            ? "<p class=\"muted\">Per call site, its leaks still open when their process ended, by the age they had then. No trend: check samples no open counts while its processes run.</p>\n"
            : "<p class=\"muted\">Per call site, the scopes open at the end, young ones included, by age.</p>\n");
        output.Write("<table id=\"site-ages\"><thead><tr><th>Kind</th><th>Call site</th><th class=\"num\">Open</th><th class=\"num\">Oldest</th>");
        foreach (string bucket in BucketNames())
        {
            output.Write($"<th class=\"num\">{bucket}</th>");
        }

        output.Write("<th class=\"num\">Slope (scopes/min)</th><th>Growing</th></tr></thead><tbody>\n");
        foreach (ReportedSite site in sites.Take(HtmlReportWriter.MaxSiteRows))
        {
            string ages = string.Join(',', site.Ages.Select(bucket => bucket.Count.ToString(c)));
            output.Write(string.Create(c, $"<tr class=\"site-age\" data-open=\"{site.Open}\" data-ages=\"{ages}\"><td class=\"text\">{HtmlText.Encode(site.Kind)}</td><td class=\"text\">{HtmlText.Encode(sources.Display(site.File))}:{site.Line} ({HtmlText.Encode(site.Member)})</td><td class=\"num\">{site.Open}</td><td class=\"num\">{site.OldestAgeSeconds:0.0} s</td>"));
            foreach (AgeBucket bucket in site.Ages)
            {
                output.Write(string.Create(c, $"<td class=\"num\">{bucket.Count}</td>"));
            }

            string slope = site.SlopePerMinute is { } perMinute ? perMinute.ToString("0.##", c) : "n/a";
            string growing = site.Growing is { } g ? (g ? "growing" : "no") : "n/a";
            output.Write($"<td class=\"num\">{slope}</td><td>{growing}</td></tr>\n");
        }

        output.Write("</tbody></table>\n");
        if (sites.Count > HtmlReportWriter.MaxSiteRows)
        {
            output.Write(string.Create(c, $"<p class=\"muted\">{sites.Count - HtmlReportWriter.MaxSiteRows} more call sites are not shown; --format json lists every one.</p>\n"));
        }
    }

    /// <summary>Column headings for <see cref="AgeBucket.Bounds"/>: each bucket from its bound to the next.</summary>
    private static IEnumerable<string> BucketNames()
    {
        IReadOnlyList<double> bounds = AgeBucket.Bounds;
        for (int i = 0; i < bounds.Count; i++)
        {
            yield return i + 1 < bounds.Count ? $"{Short(bounds[i])}&ndash;{Short(bounds[i + 1])}" : $"&ge; {Short(bounds[i])}";
        }
    }

    private static string Short(double seconds) => seconds switch
    {
        >= 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        >= 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
    };
}
