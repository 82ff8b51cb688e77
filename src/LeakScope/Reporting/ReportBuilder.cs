using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Reporting;

/// <summary>
/// Turns what a session learnt into a report: which open scopes count as leaks (old enough, or open
/// at exit), groups by call site, and the verdict. Never a phantom: a run that lost events is
/// inconclusive unless <paramref name="authoritative"/> says a complete snapshot settled the truth.
/// </summary>
internal static class ReportBuilder
{
    private const int ExampleNames = 3;

    public static LeakReport Build(
        string command,
        TargetProcess target,
        IReadOnlyList<KnownOpenScope> open,
        IReadOnlyList<ClosedScope> abandoned,
        ReportOptions options)
    {
        DateTime now = options.Now.UtcDateTime;
        bool everyOpenScopeLeaked = options.Ending is Endings.OpenAtExit or Endings.OpenAtCrash or Endings.OpenAtSignal;
        var leaks = new List<ReportedLeak>();
        int inFlight = 0;
        foreach ((long id, TrackedScope scope, SiteInfo site, long parentId) in open)
        {
            double age = Math.Max((now - scope.EnteredAt).TotalSeconds, 0);
            if (!everyOpenScopeLeaked && age < options.MinAge.TotalSeconds)
            {
                inFlight++;
                continue;
            }

            leaks.Add(new ReportedLeak(id, site.Kind, scope.Name, site.File, site.Line, site.Member, scope.ThreadId, new DateTimeOffset(scope.EnteredAt), Math.Round(age, 3), parentId, "open", options.Stacks ? site.Stack : null));
        }

        foreach (ClosedScope scope in abandoned)
        {
            double age = Math.Max((scope.AbandonedAt - scope.EnteredAt).TotalSeconds, 0);
            leaks.Add(new ReportedLeak(scope.Id, scope.Site.Kind, scope.Name, scope.Site.File, scope.Site.Line, scope.Site.Member, scope.ThreadId, new DateTimeOffset(scope.EnteredAt), Math.Round(age, 3), scope.ParentId, "abandoned", options.Stacks ? scope.Site.Stack : null));
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
                g.Select(l => l.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Take(ExampleNames).ToList(),
                g.Select(l => l.Stack).FirstOrDefault(s => !string.IsNullOrEmpty(s))))
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => g.OldestAgeSeconds)
            .ToList();

        var notes = new List<string>(options.Notes);
        bool lost = options.EventsLost > 0;
        if (lost)
        {
            notes.Insert(0, options.Authoritative
                ? $"{options.EventsLost} events were lost while monitoring; the result comes from a complete snapshot taken at the end."
                : $"{options.EventsLost} events were lost: scopes may have exited unseen, so no verdict can be given.");
        }

        string verdict = options.Partial || options.NoEvidence || options.Unsettled || (lost && !options.Authoritative) ? Verdicts.Inconclusive
            : leaks.Count > 0 ? Verdicts.Leaks
            : options.AgesUnknown ? Verdicts.Inconclusive
            : Verdicts.Clean;
        return new LeakReport(
            SchemaVersion: 1,
            command,
            new ReportTarget(target.Pid, target.Name, target.StartTime),
            verdict,
            options.Ending,
            options.EventsLost,
            options.Partial,
            options.MinAge.TotalSeconds,
            options.Now,
            Math.Round(options.Observed.TotalSeconds, 3),
            inFlight,
            notes,
            leaks,
            groups);
    }
}
