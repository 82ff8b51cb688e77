using System.Globalization;
using System.Text.Json;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;

namespace LeakScope.Benchmarks.Reporting;

/// <summary>
/// How the tool built and wrote a report before issue #14, kept verbatim as the "before" of
/// <see cref="ReportWriteBenchmarks"/>: a ReportedLeak object per leak, a LINQ sort and GroupBy, and
/// the whole JSON document serialized into one string.
/// </summary>
internal static class LegacyReportPath
{
    public static LegacyReport Build(IReadOnlyList<KnownOpenScope> open, ReportOptions options)
    {
        DateTime now = options.Now.UtcDateTime;
        var leaks = new List<LegacyLeak>();
        int inFlight = 0;
        foreach ((long id, TrackedScope scope, SiteInfo site, long parentId, _, _) in open)
        {
            double age = Math.Max((now - scope.EnteredAt).TotalSeconds, 0);
            if (age < options.MinAge.TotalSeconds)
            {
                inFlight++;
                continue;
            }

            leaks.Add(new LegacyLeak(id, site.Kind, scope.Name, site.File, site.Line, site.Member, scope.ThreadId, new DateTimeOffset(scope.EnteredAt), Math.Round(age, 3), parentId, "open", options.Stacks ? site.Stack : null));
        }

        leaks.Sort((a, b) => b.AgeSeconds.CompareTo(a.AgeSeconds));
        List<LeakGroup> groups = leaks
            .GroupBy(l => (l.Kind, l.File, l.Line, l.Member))
            .Select(g => new LeakGroup(
                g.Key.Kind,
                g.Key.File,
                g.Key.Line,
                g.Key.Member,
                g.Count(),
                g.Count(l => l.State == "abandoned"),
                g.Max(l => l.AgeSeconds),
                g.Select(l => l.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Take(3).ToList(),
                g.Select(l => l.Stack).FirstOrDefault(s => !string.IsNullOrEmpty(s))))
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => g.OldestAgeSeconds)
            .ToList();
        return new LegacyReport(1, "snapshot", new ReportTarget(1, "orders", null), leaks.Count > 0 ? Verdicts.Leaks : Verdicts.Clean, options.Ending, 0, false, options.MinAge.TotalSeconds, options.Now, 1, inFlight, [], leaks, groups);
    }

    public static void Write(LegacyReport report, bool json, string path) =>
        UserOnlyFile.Write(path, "the report", stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            if (json)
            {
                writer.WriteLine(JsonSerializer.Serialize(report, LegacyJsonContext.Default.LegacyReport));
            }
            else
            {
                WriteText(report, writer);
            }
        });

    private static void WriteText(LegacyReport report, TextWriter output)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"LeakScope {report.Command}: {DisplayText.Escape(report.Target.ProcessName)} ({report.Target.Pid}), snapshot"));
        int open = report.Leaks.Count(l => l.State == "open");
        int abandoned = report.Leaks.Count - open;
        output.WriteLine(string.Create(c, $"Verdict: {report.Verdict.ToUpperInvariant()}: {open} open, {abandoned} abandoned in {report.Groups.Count} call site(s); open at least {report.MinAgeSeconds:0.###} s counts; {report.InFlight} younger scope(s) in flight"));
        // The same source tree as the streamed path, so both pay the same for relative paths.
        TextReportWriter.WriteGroups(report.Groups, new SourceTree(SourceTree.DefaultRoot(Environment.CurrentDirectory)), output);
    }
}
