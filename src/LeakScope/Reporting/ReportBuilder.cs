using LeakScope.Cli.Model;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

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
        ReportOptions options,
        IReadOnlyDictionary<SiteInfo, long>? countOnlyAbandoned = null)
    {
        DateTime now = options.Now.UtcDateTime;
        bool everyOpenScopeLeaked = options.Ending is Endings.OpenAtExit or Endings.OpenAtCrash or Endings.OpenAtDeath or Endings.OpenAtSignal;
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
        Dictionary<(string Kind, string File, int Line, string Member), long> countOnly = (countOnlyAbandoned ?? new Dictionary<SiteInfo, long>())
            .Where(site => site.Value > 0)
            .ToDictionary(site => site.Key.Key, site => site.Value);
        var listedSites = leaks.Select(l => (l.Kind, l.File, l.Line, l.Member)).ToHashSet();
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
                g.Select(l => l.Stack).FirstOrDefault(s => !string.IsNullOrEmpty(s)))
            {
                AbandonedUnlisted = countOnly.GetValueOrDefault(g.Key),
            })
            .Concat(countOnly
                .Where(site => !listedSites.Contains(site.Key))
                .Select(site => new LeakGroup(site.Key.Kind, site.Key.File, site.Key.Line, site.Key.Member, 0, 0, 0, [], null) { AbandonedUnlisted = site.Value }))
            .OrderByDescending(g => g.Count + g.AbandonedUnlisted)
            .ThenByDescending(g => g.OldestAgeSeconds)
            .ToList();

        var notes = new List<string>(options.Notes);
        long unlisted = countOnly.Values.Sum();
        if (unlisted > 0)
        {
            notes.Add($"{unlisted} abandoned scope(s) at {countOnly.Count} call site(s) are known by count only, not listed: they were abandoned before LeakScope attached, and the target's runtime keeps only the most recent {AbandonedRecordContract.ScopesPerSite} per call site (an older runtime only counts them); each group's abandonedUnlisted says how many.");
        }

        if (options.AbandonedBeforeUnknown)
        {
            notes.Add("The target's LeakScope.Runtime is older than the record of abandoned scopes: scopes abandoned (collected undisposed) before LeakScope attached are not listed; its summaries counted any that are in abandonedUnlisted.");
        }

        bool lost = options.EventsLost > 0;
        if (lost)
        {
            notes.Insert(0, options.Authoritative
                ? $"{options.EventsLost} events were lost while monitoring; the result comes from a complete snapshot taken at the end."
                : $"{options.EventsLost} events were lost: scopes may have exited unseen, so no verdict can be given.");
        }

        string verdict = options.Partial || options.NoEvidence || options.Unsettled || (lost && !options.Authoritative) ? Verdicts.Inconclusive
            : leaks.Count > 0 || unlisted > 0 ? Verdicts.Leaks
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
