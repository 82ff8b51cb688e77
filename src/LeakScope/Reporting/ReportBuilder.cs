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
    /// <summary>Builds the report; its leaks are read from <paramref name="open"/> when written, so the caller hands that list over.</summary>
    public static LeakReport Build(
        string command,
        TargetProcess target,
        IReadOnlyList<KnownOpenScope> open,
        IReadOnlyList<ClosedScope> abandoned,
        ReportOptions options,
        IReadOnlyDictionary<SiteInfo, long>? countOnlyAbandoned = null)
    {
        bool everyOpenScopeLeaked = options.Ending is Endings.OpenAtExit or Endings.OpenAtCrash or Endings.OpenAtDeath or Endings.OpenAtSignal;
        LeakList leaks = LeakList.Of(open, abandoned, options.Now.UtcDateTime, everyOpenScopeLeaked ? null : options.MinAge, options.Stacks, out int inFlight);
        Dictionary<(string Kind, string File, int Line, string Member), long> countOnly = (countOnlyAbandoned ?? new Dictionary<SiteInfo, long>())
            .Where(site => site.Value > 0)
            .ToDictionary(site => site.Key.Key, site => site.Value);
        List<LeakGroup> groups = LeakGrouping.Of(leaks, countOnly);

        var notes = new List<string>(options.Notes);
        long unlisted = countOnly.Values.Sum();
        if (unlisted > 0)
        {
            notes.Add($"{unlisted} abandoned scope(s) at {countOnly.Count} call site(s) are known by count only, not listed: they were abandoned before LeakScope attached, and the target's runtime keeps only the most recent {AbandonedRecordContract.ScopesPerSite} per call site (an older runtime only counts them); each group's abandonedUnlisted says how many.");
        }

        int withoutStack = options.Stacks ? groups.Count(group => string.IsNullOrEmpty(group.Stack)) : 0;
        if (withoutStack > 0)
        {
            notes.Add($"{withoutStack} call site(s) have no stack: the runtime captures a call site's stack the first time a scope is entered there while a tool asks for stacks, and these were first entered before. Start the app with LEAKSCOPE_CAPTURE_STACKS=1 (or the AppContext switch LeakScope.CaptureStacks) to capture every call site's stack from the start.");
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

        if (options.Alert is { } alert)
        {
            notes.Insert(0, $"Alert {alert.Condition}: {alert.Detail}");
        }

        List<ReportedSite> sites = SiteOverview.Of(open, options.Now.UtcDateTime, options.Activity, options.Exits?.Sites);
        string verdict = options.Alert is not null ? Verdicts.Leaks
            : options.Partial || options.NoEvidence || options.Unsettled || (lost && !options.Authoritative) ? Verdicts.Inconclusive
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
            groups)
        {
            Alert = options.Alert,
            Sites = sites,
            ExitsSeen = options.Exits is { } exits ? (exits.EveryExit ? ExitsSeenValues.All : ExitsSeenValues.Announced) : null,
        };
    }
}
