using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeakScope.Cli.Model;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The HTML report's "Open scopes over time": a table of the timeline's sites with their growth
/// verdict (<see cref="GrowthTrend"/>) and a cell per site the page script draws a chart in, and the
/// JSON data island the script reads. Without a timeline, a paragraph says why there is none.
/// </summary>
internal static class HtmlTimelineSection
{
    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        output.Write("<h2>Open scopes over time</h2>\n");
        if (report.Timeline is not { } timeline)
        {
            output.Write("<p id=\"no-timeline\">" + HtmlText.Encode(WhyNone(report)) + "</p>\n");
            return;
        }

        output.Write(string.Create(c, $"<p class=\"muted\">Per call site, the scopes open at the end of each interval of {timeline.Step.TotalSeconds:0.###} s, from the target's per-site summaries ({timeline.Points} points from {timeline.Origin:yyyy-MM-dd HH:mm:ss} UTC). The chart shows the {OverviewLines} largest series; every site has its own below.</p>\n"));
        output.Write("<div id=\"overview\"></div>\n<ul id=\"overview-legend\" class=\"muted\"></ul>\n");
        output.Write("<p class=\"muted\" id=\"trend-rule\">Growth verdict: " + HtmlText.Encode(GrowthTrend.Explanation) + "</p>\n");
        output.Write("<table id=\"sites\"><thead><tr><th>Kind</th><th>Call site</th><th class=\"num\">Open at end</th><th class=\"num\">Peak</th><th class=\"num\">Slope (scopes/min)</th><th>Trend</th><th>Open over time</th></tr></thead><tbody>\n");
        List<Row> rows = Rows(timeline);
        for (int i = 0; i < rows.Count; i++)
        {
            Row row = rows[i];
            SiteInfo site = row.Series.Site;
            output.Write(string.Create(c, $"<tr class=\"site\" data-trend=\"{row.Verdict}\"><td class=\"text\">{HtmlText.Encode(site.Kind)}</td><td class=\"text\">{HtmlText.Encode(sources.Display(site.File))}:{site.Line} ({HtmlText.Encode(site.Member)})</td><td class=\"num\">{row.Series.Values[^1]}</td><td class=\"num\">{row.Series.Values.Max()}</td><td class=\"num\">{row.Slope:0.##}</td><td class=\"trend-{row.Verdict}\">{row.Verdict}</td><td class=\"site-chart\" data-series=\"{i}\"></td></tr>\n"));
        }

        if (timeline.Other is { } other)
        {
            output.Write(string.Create(c, $"<tr class=\"other\"><td colspan=\"2\">other: {timeline.OtherSites} call site(s) summed (only the {timeline.Series.Count} sites with the most scopes open keep a series of their own)</td><td class=\"num\">{other[^1]}</td><td class=\"num\">{other.Max()}</td><td colspan=\"3\"></td></tr>\n"));
        }

        output.Write("</tbody></table>\n");
    }

    /// <summary>The data island: the rows' series in table order, and the "other" sum. JSON's escaping keeps it inert inside the script element.</summary>
    public static void WriteData(LeakReport report, SourceTree sources, TextWriter output)
    {
        if (report.Timeline is not { } timeline)
        {
            output.Write("null");
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("stepSeconds", timeline.Step.TotalSeconds);
            json.WriteNumber("points", timeline.Points);
            json.WriteString("origin", timeline.Origin.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartArray("series");
            foreach (Row row in Rows(timeline))
            {
                SiteInfo site = row.Series.Site;
                json.WriteStartObject();
                json.WriteString("label", HtmlText.Shown(site.Kind) + " at " + HtmlText.Shown(sources.Display(site.File)) + ":" + site.Line.ToString(CultureInfo.InvariantCulture) + " (" + HtmlText.Shown(site.Member) + ")");
                json.WriteString("trend", row.Verdict);
                WriteValues(json, row.Series.Values);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (timeline.Other is { } other)
            {
                json.WriteStartObject("other");
                json.WriteNumber("sites", timeline.OtherSites);
                WriteValues(json, other);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Series drawn together in the overview chart (the page script's colour count).</summary>
    private const int OverviewLines = 12;

    private static string WhyNone(LeakReport report) => report.Command switch
    {
        "snapshot" => "A snapshot is one moment, so there is no timeline: leakscope monitor follows a process over time, and collect records one for leakscope report.",
        "check" => "check has no timeline: it asks the processes it runs for no periodic per-site summaries (each would cost every process an event per active call site and interval, and a gate judges the end of a run, not its course). leakscope monitor, or collect and report, draws one for a long-running process.",
        _ => "No per-site summary arrived, so there is no timeline: the target's runtime sends one per interval for each call site with scopes open, entered or exited, so no site was active while observed, or the recording holds no summaries (record with leakscope collect, or dotnet-trace with --providers LeakScope:0x25).",
    };

    private static void WriteValues(Utf8JsonWriter json, long[] values)
    {
        json.WriteStartArray("values");
        foreach (long value in values)
        {
            if (value == SiteTimeline.Unknown)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteNumberValue(value);
            }
        }

        json.WriteEndArray();
    }

    /// <summary>Growing sites first, then by how many are open at the end: what a reader looks for.</summary>
    private static List<Row> Rows(TimelineView timeline) => timeline.Series
        .Select(series =>
        {
            (string verdict, double slope) = GrowthTrend.Of(series.Values, timeline.Step);
            return new Row(series, verdict, slope);
        })
        .OrderByDescending(row => row.Verdict == GrowthTrend.Growing)
        .ThenByDescending(row => row.Series.Values[^1])
        .ThenBy(row => row.Series.Site.File, StringComparer.Ordinal)
        .ThenBy(row => row.Series.Site.Line)
        .ToList();

    private sealed record Row(TimelineSeries Series, string Verdict, double Slope);
}
