using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>
/// Merges what every observed process leaked into one report, applies ignores and the baseline,
/// and gives the run's verdict: inconclusive when anything went unobserved, never leaks from
/// exits that were not seen.
/// </summary>
internal static class CheckReportBuilder
{
    public const string NotObserved = "not-observed";

    public static CheckResult Build(
        IReadOnlyList<ProcessOutcome> outcomes,
        CheckedCommand invocation,
        int? rootPid,
        SourceTree sources,
        LeakFilter filter,
        Baseline baseline,
        ReportOptions template)
    {
        var processes = new List<ProcessEntry>();
        var leaks = new List<ReportedLeak>();
        var notes = new List<string>();
        bool unobserved = false;
        foreach (ProcessOutcome outcome in outcomes.OrderBy(o => o.Pid == rootPid ? 0 : 1).ThenBy(o => o.Target.StartTime))
        {
            LeakReport? report = outcome.Report;
            TargetProcess target = outcome.Target;
            processes.Add(new ProcessEntry(
                outcome.Pid,
                target.Name,
                outcome.CommandLine,
                target.StartTime,
                outcome.Instrumented,
                outcome.Instrumented ? report?.Verdict : null,
                report?.Ending ?? NotObserved,
                report?.EventsLost ?? 0,
                outcome.Instrumented ? report?.Leaks.Count ?? 0 : 0,
                outcome.Problem is not null ? [outcome.Problem] : report?.Notes ?? []));
            if (report is null)
            {
                unobserved = true;
                notes.Add($"{target} was not observed: {outcome.Problem}");
                continue;
            }

            if (!outcome.Instrumented)
            {
                continue;
            }

            if (!outcome.Complete || report.Verdict == Verdicts.Inconclusive)
            {
                unobserved = true;
                notes.AddRange(report.Notes.Select(note => $"{target}: {note}"));
            }

            leaks.AddRange(report.Leaks.Select(leak => leak with { Pid = outcome.Pid }));
        }

        var active = new List<ReportedLeak>();
        var groups = new List<LeakGroup>();
        var suppressed = new List<SuppressedGroup>();
        var sites = new List<BaselineEntry>();
        var matchedBaseline = new HashSet<BaselineEntry>();
        foreach (IGrouping<(string Kind, string File, int Line, string Member), ReportedLeak> site in leaks.GroupBy(l => (l.Kind, l.File, l.Line, l.Member)))
        {
            (string kind, string file, int line, string member) = site.Key;
            string relative = sources.Display(file);
            string? source = sources.LineText(file, line);
            string signature = SiteSignature.Of(kind, relative, member, source, line);
            int count = site.Count();
            string? reason = filter.ReasonToIgnore(kind, relative, line);
            if (reason is null)
            {
                sites.Add(new BaselineEntry(kind, relative, member, line, source, count));
                if (baseline.Match(kind, relative, member, source, line) is { } known)
                {
                    matchedBaseline.Add(known);
                    reason = "baseline";
                }
            }

            if (reason is not null)
            {
                suppressed.Add(new SuppressedGroup(kind, file, line, member, count, reason, signature));
                continue;
            }

            active.AddRange(site);
            groups.Add(new LeakGroup(
                kind,
                file,
                line,
                member,
                count,
                site.Count(l => l.State == "abandoned"),
                site.Max(l => l.AgeSeconds),
                site.Select(l => l.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Take(3).ToList(),
                site.Select(l => l.Stack).FirstOrDefault(s => !string.IsNullOrEmpty(s)))
            {
                Signature = signature,
                Pids = site.Select(l => l.Pid ?? 0).Distinct().Order().ToList(),
                Parents = site.OrderByDescending(l => l.AgeSeconds).Select(l => l.Parents).FirstOrDefault(p => p is { Count: > 0 }) ?? [],
                Owners = site.Select(l => l.Owner).OfType<Model.OwnerInfo>().Distinct().ToList(),
            });
        }

        active.Sort((a, b) => b.AgeSeconds.CompareTo(a.AgeSeconds));
        groups.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : b.OldestAgeSeconds.CompareTo(a.OldestAgeSeconds));
        List<BaselineEntry> stale = [.. baseline.Entries.Where(e => !matchedBaseline.Contains(e))];
        List<ProcessEntry> instrumented = [.. processes.Where(p => p.Instrumented)];
        if (invocation.Interrupted)
        {
            notes.Insert(0, "Interrupted (Ctrl+C or SIGTERM) before the command and the processes it started had all ended, so this report is partial.");
        }

        string verdict = invocation.Interrupted || unobserved ? Verdicts.Inconclusive
            : instrumented.Count == 0 ? Verdicts.NoLeakScope
            : active.Count > 0 ? Verdicts.Leaks
            : Verdicts.Clean;
        ProcessEntry? root = processes.FirstOrDefault(p => p.Pid == rootPid) ?? instrumented.FirstOrDefault() ?? processes.FirstOrDefault();
        string ending = instrumented.Count == 1 ? instrumented[0].Ending
            : instrumented.All(p => p.Ending == Endings.OpenAtExit) ? Endings.OpenAtExit
            : instrumented.Any(p => p.Ending == Endings.OpenAtCrash) && instrumented.All(p => p.Ending is Endings.OpenAtExit or Endings.OpenAtCrash or Endings.OpenAtDeath) ? Endings.OpenAtCrash
            : instrumented.Any(p => p.Ending == Endings.OpenAtDeath) && instrumented.All(p => p.Ending is Endings.OpenAtExit or Endings.OpenAtDeath) ? Endings.OpenAtDeath
            : instrumented.Any(p => p.Ending == Endings.ProcessTerminated) ? Endings.ProcessTerminated
            : Endings.Stopped;
        var merged = new LeakReport(
            SchemaVersion: 1,
            "check",
            new ReportTarget(root?.Pid ?? 0, root?.ProcessName ?? invocation.CommandLine[0], root?.StartTime),
            verdict,
            ending,
            processes.Sum(p => p.EventsLost),
            invocation.Interrupted,
            template.MinAge.TotalSeconds,
            template.Now,
            Math.Round(template.Observed.TotalSeconds, 3),
            outcomes.Sum(o => o.Instrumented ? o.Report?.InFlight ?? 0 : 0),
            notes,
            active,
            groups)
        {
            Invocation = invocation,
            Processes = processes,
            Suppressed = suppressed,
            StaleBaseline = stale,
            Sites = SiteOverview.OfOpenLeaks(active),
        };
        return new CheckResult(merged, sites);
    }
}
