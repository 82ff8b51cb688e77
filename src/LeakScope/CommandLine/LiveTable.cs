using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// The live view of <c>monitor</c> on a terminal, redrawn in place every refresh on the terminal's
/// alternate screen, as <c>top</c> does: clearing the screen each time left a copy of every frame
/// in the scrollback. Disposing it returns to the normal screen, where the final report is printed once.
/// </summary>
/// <param name="output">The terminal.</param>
/// <param name="summaryInterval">The interval the session asked the target's per-site summaries for.</param>
/// <param name="color">Colour growing sites.</param>
internal sealed class LiveTable(TextWriter output, TimeSpan summaryInterval, bool color = false) : IDisposable
{
    public const string EnterAlternateScreen = "\u001b[?1049h\u001b[2J";
    public const string LeaveAlternateScreen = "\u001b[?1049l";

    /// <summary>Starts each frame: the cursor to the top left; every line then clears what is left of it.</summary>
    public const string FrameStart = "\u001b[H";

    private const string ClearLineEnd = "\u001b[K";
    private const string ClearBelow = "\u001b[J";

    /// <summary>Every control sequence the table writes itself; anything else in a frame is the application's text, escaped.</summary>
    public static IReadOnlyList<string> OwnSequences { get; } = [EnterAlternateScreen, LeaveAlternateScreen, FrameStart, ClearLineEnd, ClearBelow];

    private bool _onAlternateScreen;

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
                    Trend(r.Activity, now, summaryInterval, c),
                })
                .ToList();
        }

        string[] header = ["KIND", "OPENED AT", "OPEN", "ENTERED/S", "EXITED/S", "OLDEST", "TREND"];
        int[] widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var frame = new System.Text.StringBuilder(_onAlternateScreen ? FrameStart : EnterAlternateScreen + FrameStart);
        _onAlternateScreen = true;
        frame.Append(c, $"leakscope monitor {session.Target}  {elapsed.TotalSeconds:0} s  events {session.EventsRead}  lost {session.EventsLost}  (Ctrl+C to stop and report){ClearLineEnd}\n{ClearLineEnd}\n");
        frame.Append(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd()).Append(ClearLineEnd).Append('\n');
        foreach (string[] row in rows)
        {
            // The trend is the last column, so colouring it after padding leaves the widths alone.
            string trend = row[^1].StartsWith("growing", StringComparison.Ordinal) ? TerminalColor.Warning(row[^1], color) : row[^1];
            frame.Append(string.Join("  ", row[..^1].Select((cell, i) => cell.PadRight(widths[i])).Append(trend)).TrimEnd()).Append(ClearLineEnd).Append('\n');
        }

        frame.Append(ClearBelow);
        output.Write(frame.ToString());
        output.Flush();
    }

    /// <summary>"growing" by the growth rule, else the slope once it means something, so a creeping site shows before it is called growing.</summary>
    private static string Trend(SiteActivity activity, DateTime now, TimeSpan summaryInterval, CultureInfo c)
    {
        if (activity.GrowingAt(now, summaryInterval))
        {
            return string.Create(c, $"growing {activity.Trend.SlopePerMinute:+0.#;-0.#;0}/min");
        }

        return activity.Trend.Samples >= GrowthRule.Parts * GrowthRule.SamplesPerPart && Math.Abs(activity.Trend.SlopePerMinute) >= 0.05
            ? string.Create(c, $"{activity.Trend.SlopePerMinute:+0.#;-0.#;0}/min")
            : string.Empty;
    }

    public void Dispose()
    {
        if (_onAlternateScreen)
        {
            output.Write(LeaveAlternateScreen);
            output.Flush();
            _onAlternateScreen = false;
        }
    }
}
