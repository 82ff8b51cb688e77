using System.Globalization;

namespace LeakScope.Cli.Reporting;

/// <summary>Markdown for a CI job summary (for example <c>$GITHUB_STEP_SUMMARY</c>).</summary>
internal static class MarkdownWriter
{
    public static void Write(LeakReport report, SourceTree sources, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string icon = report.Verdict switch
        {
            Verdicts.Clean => "✅",
            Verdicts.Leaks => "❌",
            _ => "⚠️",
        };
        output.WriteLine(string.Create(c, $"## {icon} LeakScope: {report.Verdict}"));
        output.WriteLine();
        if (report.Invocation is { } invocation)
        {
            string exit = invocation.ExitCode is { } code ? code.ToString(c) : "did not finish";
            output.WriteLine(string.Create(c, $"`{Cell(string.Join(' ', invocation.CommandLine))}` exited with {exit}."));
            output.WriteLine();
        }

        foreach (string note in report.Notes)
        {
            output.WriteLine("> " + Cell(note));
        }

        if (report.Groups.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("| Count | Kind | Opened at | Member | Oldest | Names |");
            output.WriteLine("|---:|---|---|---|---:|---|");
            foreach (LeakGroup group in report.Groups)
            {
                string count = group.Abandoned > 0 ? string.Create(c, $"{group.Count} ({group.Abandoned} abandoned)") : group.Count.ToString(c);
                output.WriteLine(string.Create(c, $"| {count} | {Cell(group.Kind)} | `{Cell(sources.Display(group.File))}:{group.Line}` | {Cell(group.Member)} | {group.OldestAgeSeconds:0.0} s | {Cell(string.Join(", ", group.ExampleNames))} |"));
            }
        }
        if (report.Groups.Any(group => group.Parents.Count > 0))
        {
            output.WriteLine();
            output.WriteLine("| Opened at | Inside (innermost first) |");
            output.WriteLine("|---|---|");
            foreach (LeakGroup group in report.Groups.Where(group => group.Parents.Count > 0))
            {
                output.WriteLine(string.Create(c, $"| {Cell(group.Kind)} at `{Cell(sources.Display(group.File))}:{group.Line}` | {Cell(ParentText.Describe(group.Parents, sources))} |"));
            }
        }

        IReadOnlyList<LeaksByOwner> owners = report.Groups.Count > 0 ? LeaksByOwner.Of(report.Leaks) : [];
        if (owners.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("| Owner | Leaks | Where |");
            output.WriteLine("|---|---:|---|");
            foreach (LeaksByOwner owner in owners)
            {
                string who = owner.Owner is { } known ? $"{Cell(known.Kind)} `{Cell(known.Name)}`" : LeaksByOwner.UnownedLabel;
                string where = string.Join(", ", owner.Sites.Select(site => string.Create(c, $"{site.Count} {Cell(site.Example.Kind)} at `{Cell(sources.Display(site.Example.File))}:{site.Example.Line}`{Inside(site.Example.Parents, sources)}")));
                output.WriteLine(string.Create(c, $"| {who} | {owner.Count} | {where} |"));
            }
        }

        if (report.Groups.Count == 0 && report.Verdict == Verdicts.Clean)
        {
            output.WriteLine("No scope was left open.");
        }
        else if (report.Groups.Count == 0 && report.Verdict == Verdicts.NoLeakScope)
        {
            output.WriteLine(report.Processes is { Count: 0 } ? "No .NET process was started: nothing was checked." : "No process used LeakScope.Runtime: nothing was checked.");
        }

        if (report.Processes is { Count: > 0 } processes)
        {
            output.WriteLine();
            output.WriteLine("| Process | Uses LeakScope | Ending | Leaks | Events lost |");
            output.WriteLine("|---|---|---|---:|---:|");
            foreach (ProcessEntry process in processes)
            {
                output.WriteLine(string.Create(c, $"| {Cell(process.ProcessName)} ({process.Pid}) | {(process.Instrumented ? "yes" : "no")} | {process.Ending} | {process.Leaks} | {process.EventsLost} |"));
            }
        }

        if (report.Suppressed is { Count: > 0 } suppressed)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"Accepted: {suppressed.Sum(s => s.Count)} leak(s) in {suppressed.Count} site(s) (ignored or in the baseline)."));
        }

        if (report.StaleBaseline is { Count: > 0 } stale)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"Stale baseline entries (no longer leaking): {string.Join(", ", stale.Select(e => $"`{Cell(e.File)}:{e.Line}` {Cell(e.Kind)}"))}"));
        }
    }

    private static string Inside(IReadOnlyList<Model.ParentInfo>? parents, SourceTree sources) =>
        parents is { Count: > 0 } ? ", " + Cell(ParentText.Describe(parents, sources)) : string.Empty;

    private static string Cell(string text) => DisplayText.Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
