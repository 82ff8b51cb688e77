using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// The human form of a report: the verdict first, then leaks grouped by the line that opened them,
/// with paths relative to the source root so that a line fits a terminal.
/// </summary>
internal static class TextReportWriter
{
    /// <param name="report">The report.</param>
    /// <param name="sources">Makes paths relative to the source root.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="color">Colour the verdict (a terminal that wants colour).</param>
    public static void Write(LeakReport report, SourceTree sources, TextWriter output, bool color = false)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string ending = report.Ending switch
        {
            Endings.OpenAtExit => "the process exited; scopes still open at exit are leaks",
            Endings.OpenAtCrash => "an unhandled exception ended the process; scopes open then are leaks",
            Endings.OpenAtDeath => "the process died without exiting (killed, FailFast or a fatal runtime error); scopes open then are leaks",
            Endings.OpenAtSignal => "a signal stopped the process; scopes open then are listed",
            Endings.ProcessTerminated => "the process terminated without a normal exit; open scopes it had announced are listed",
            Endings.Snapshot => "snapshot",
            Endings.Recorded => "from a recorded trace, ages as of its last event",
            _ => string.Create(c, $"observed for {report.ObservedSeconds:0.#} s"),
        };
        output.WriteLine(string.Create(c, $"LeakScope {report.Command}: {DisplayText.Escape(report.Target.ProcessName)} ({report.Target.Pid}), {ending}"));

        // From the groups, which hold every listed leak: counting the leaks would read each one again.
        int abandoned = report.Groups.Sum(g => g.Abandoned);
        int open = report.Leaks.Count - abandoned;
        long unlisted = report.Groups.Sum(g => g.AbandonedUnlisted);
        string more = unlisted > 0 ? string.Create(c, $" (and {unlisted} more not listed)") : string.Empty;
        string summary = report.Verdict switch
        {
            Verdicts.Clean => "no scope left open",
            Verdicts.Leaks => string.Create(c, $"{open} open, {abandoned} abandoned{more} in {report.Groups.Count} call site(s)"),
            _ => report.Partial ? "the trace file is partial, so leaks can be neither confirmed nor ruled out"
                : report.EventsLost > 0 ? "events were lost, so leaks can be neither confirmed nor ruled out"
                : "what was open could not be settled (see the notes), so leaks can be neither confirmed nor ruled out",
        };
        output.WriteLine(string.Create(c, $"Verdict: {TerminalColor.Verdict(report.Verdict, color)}: {summary}"));
        string threshold = report.Ending == Endings.OpenAtExit ? "Every scope open at exit counts" : string.Create(c, $"Open at least {report.MinAgeSeconds:0.###} s counts");
        output.WriteLine(string.Create(c, $"{threshold}; {report.InFlight} younger scope(s) in flight."));
        foreach (string note in report.Notes)
        {
            output.WriteLine("Note: " + DisplayText.Escape(note));
        }

        foreach (ReportedSite site in report.Sites?.Where(site => site.Growing == true) ?? [])
        {
            output.WriteLine(string.Create(c, $"Growing: {DisplayText.Escape(site.Kind)} at {DisplayText.Escape(sources.Display(site.File))}:{site.Line}, {site.SlopePerMinute:+0.#;-0.#;0} a minute over {site.SampledSeconds:0} s, {site.Open} open now."));
        }

        WriteGroups(report.Groups, sources, output);
        WriteOwners(LeaksByOwner.Of(report.Leaks), sources, output);
        TextExitsSection.Write(report, sources, output);
    }

    /// <summary>Leaks grouped by owner (a test, a request), when any leak has one.</summary>
    public static void WriteOwners(IReadOnlyList<LeaksByOwner> owners, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (owners.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("By owner:");
        foreach (LeaksByOwner owner in owners)
        {
            string who = owner.Owner is { } known ? $"{DisplayText.Escape(known.Kind)} {DisplayText.Escape(known.Name)}" : LeaksByOwner.UnownedLabel + " (entered where no owner flowed)";
            output.WriteLine(string.Create(c, $"  {who}: {owner.Count} leak(s)"));
            foreach ((ReportedLeak example, int count) in owner.Sites)
            {
                string inside = example.Parents is { Count: > 0 } parents ? ", " + ParentText.Describe(parents, sources) : string.Empty;
                output.WriteLine(string.Create(c, $"    {count} {DisplayText.Escape(example.Kind)} at {DisplayText.Escape(sources.Display(example.File))}:{example.Line} ({DisplayText.Escape(example.Member)}){inside}"));
            }
        }
    }

    /// <summary>The table of leak sites, a line per call site, then the stacks that were asked for.</summary>
    public static void WriteGroups(IReadOnlyList<LeakGroup> groups, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (groups.Count == 0)
        {
            return;
        }

        output.WriteLine();
        string[] header = ["COUNT", "KIND", "OPENED AT", "OLDEST", "NAMES"];
        string[][] rows = groups.Select(g => new[]
        {
            CountCell(g, c),
            DisplayText.Escape(g.Kind),
            string.Create(c, $"{DisplayText.Escape(sources.Display(g.File))}:{g.Line} ({DisplayText.Escape(g.Member)})"),
            string.Create(c, $"{g.OldestAgeSeconds:0.0} s"),
            DisplayText.Escape(string.Join(", ", g.ExampleNames)),
        }).ToArray();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(FormatRow(header, widths));
        foreach (string[] row in rows)
        {
            output.WriteLine(FormatRow(row, widths));
        }

        List<LeakGroup> nested = [.. groups.Where(g => g.Parents.Count > 0)];
        if (nested.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Parents (the scopes each site's leaks were entered in, innermost first):");
            foreach (LeakGroup group in nested)
            {
                output.WriteLine(string.Create(c, $"  {DisplayText.Escape(group.Kind)} at {DisplayText.Escape(sources.Display(group.File))}:{group.Line}: {ParentText.Describe(group.Parents, sources)}"));
            }
        }

        foreach (LeakGroup group in groups.Where(g => g.Stack is not null))
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"Stack for {DisplayText.Escape(group.Kind)} at {DisplayText.Escape(sources.Display(group.File))}:{group.Line}:"));
            output.WriteLine(DisplayText.Escape(group.Stack, keepNewlines: true));
        }
    }

    private static string CountCell(LeakGroup group, CultureInfo c) => (group.Abandoned, group.AbandonedUnlisted) switch
    {
        (0, 0) => group.Count.ToString(c),
        (_, 0) => string.Create(c, $"{group.Count} ({group.Abandoned} abandoned)"),
        _ => string.Create(c, $"{group.Count} ({group.Abandoned} abandoned, {group.AbandonedUnlisted} more not listed)"),
    };

    private static string FormatRow(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == 0 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
}
