using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>The live view of <c>monitor</c> on a terminal, redrawn in place every refresh.</summary>
/// <param name="output">The terminal.</param>
/// <param name="summaryInterval">The interval the session asked the target's per-site summaries for.</param>
internal sealed class LiveTable(TextWriter output, TimeSpan summaryInterval)
{
    private const string ClearScreen = "\u001b[H\u001b[2J";

    public void Render(TargetSession session, TimeSpan elapsed)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        DateTime now = DateTime.UtcNow;
        List<string[]> rows;
        lock (session.Tracker.Sync)
        {
            Dictionary<SiteInfo, DateTime> oldest = session.Tracker.OpenScopes()
                .GroupBy(s => s.Site)
                .ToDictionary(g => g.Key, g => g.Min(s => s.Scope.EnteredAt));
            rows = session.Tracker.Activity
                .Select(a => (Activity: a, Rates: a.RatesAt(now, summaryInterval)))
                .Where(r => r.Activity.OpenNow > 0 || r.Rates.Entered > 0 || r.Rates.Exited > 0 || oldest.ContainsKey(r.Activity.Site))
                .OrderByDescending(r => r.Activity.OpenNow)
                .Select(r => new[]
                {
                    DisplayText.Escape(r.Activity.Site.Kind),
                    string.Create(c, $"{DisplayText.Escape(Path.GetFileName(r.Activity.Site.File))}:{r.Activity.Site.Line}"),
                    r.Activity.OpenNow.ToString(c),
                    r.Rates.Entered.ToString("0.#", c),
                    r.Rates.Exited.ToString("0.#", c),
                    oldest.TryGetValue(r.Activity.Site, out DateTime entered) ? string.Create(c, $"{(now - entered).TotalSeconds:0.0} s") : "-",
                    r.Activity.Growing ? "growing" : string.Empty,
                })
                .ToList();
        }

        string[] header = ["KIND", "OPENED AT", "OPEN", "ENTERED/S", "EXITED/S", "OLDEST", "TREND"];
        int[] widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var frame = new System.Text.StringBuilder(ClearScreen);
        frame.Append(c, $"leakscope monitor {session.Target}  {elapsed.TotalSeconds:0} s  events {session.EventsRead}  lost {session.EventsLost}  (Ctrl+C to stop and report)\n\n");
        frame.AppendLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (string[] row in rows)
        {
            frame.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        output.Write(frame.ToString());
        output.Flush();
    }
}
