using System.CommandLine;
using LeakScope.Cli.Alerts;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.CommandLine;

/// <summary>
/// <c>leakscope monitor &lt;pid&gt;</c>: seeds from the attach-time snapshot, follows the target live,
/// and reports every scope entered and never exited when it stops.
/// </summary>
internal static class MonitorCommand
{
    public static Command Create(Func<MonitorSettings, Task<int>> run)
    {
        var target = new TargetSelection(listen: true);
        Option<DurationValue> refresh = CommonOptions.Duration("--refresh-interval", "Time between live table refreshes on a terminal.", TimeSpan.FromSeconds(1), allowZero: false);
        Option<DurationValue?> duration = CommonOptions.OptionalDuration("--duration", "Stop after this long (default: until Ctrl+C or the target exits).", allowZero: false);
        Option<DurationValue> minAge = CommonOptions.MinAge();
        Option<ReportFormat?> format = CommonOptions.Format();
        Option<string?> output = CommonOptions.Output();
        Option<bool> stacks = CommonOptions.Stacks();
        Option<bool> allEvents = new("--all-events")
        {
            Description = "Receive every enter and exit (full mode) instead of only scopes older than --min-age.",
        };
        Option<DurationValue> attachTimeout = CommonOptions.AttachTimeout();
        var command = new Command("monitor", "Follow a process live and report the scopes it entered and never exited.")
        {
            refresh, duration, minAge, format, output, stacks, allEvents, attachTimeout,
        };
        target.AddTo(command);
        var alerts = new AlertOptions();
        alerts.AddTo(command);
        command.SetAction((result, _) => run(new MonitorSettings(
            target.Pid(result),
            target.Name(result),
            result.GetValue(refresh),
            result.GetValue(duration)?.Value,
            result.GetValue(minAge),
            result.GetValue(format) ?? CommonOptions.DefaultFormat,
            result.GetValue(output),
            result.GetValue(stacks),
            result.GetValue(allEvents),
            result.GetValue(attachTimeout))
        {
            DiagnosticPort = target.DiagnosticPort(result),
            Alerts = alerts.Read(result),
        }));
        return command;
    }

    public static async Task<int> RunAsync(MonitorSettings settings, ToolConsole console, TerminationSignal signal)
    {
        if (settings.Alerts.Problem(settings.RefreshInterval, settings.MinAge) is { } problem)
        {
            throw new LeakScopeException(ReturnCode.UsageError, problem);
        }

        UserOnlyFile.RequireWritablePath(settings.Output);
        if (settings.Alerts.Trigger is { } trigger && !Directory.Exists(trigger.Directory))
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"--trigger-output {trigger.Directory}: no such directory.");
        }

        await using ChosenTarget chosen = await ChosenTarget.FindAsync(settings.Pid, settings.Name, settings.DiagnosticPort, settings.AttachTimeout, console, signal.Stop).ConfigureAwait(false);
        TargetProcess target = chosen.Process;

        // At a normal exit the runtime writes what is open there: EventPipe is already closed by then.
        using ExitSnapshotDrop? exitDrop = ExitSnapshotDrop.TryCreate(target);
        var options = new SessionOptions(settings.MinAge, settings.RefreshInterval, settings.Stacks, settings.AllEvents)
        {
            ExitSnapshotDirectory = exitDrop?.Path,
            Growth = settings.Alerts.Growth,
        };

        Func<TargetSession, Task<bool>>? settleEarlyEnd = exitDrop is null ? null : ended => EndedAsItsExitFileSaysAsync(ended, exitDrop, signal.Abort);
        TargetSession session = await chosen.AttachAsync(started => TargetSession.AttachAsync(target, options, settings.AttachTimeout, signal.Stop, started: started, settleEarlyEnd: settleEarlyEnd), signal.Stop).ConfigureAwait(false);
        try
        {
            int openAtAttach;
            lock (session.Tracker.Sync)
            {
                openAtAttach = session.Tracker.OpenCount;
            }

            console.Error.WriteLine($"Attached to {target}: {openAtAttach} scope(s) open. Following; Ctrl+C stops and reports.");
            DateTimeOffset started = DateTimeOffset.UtcNow;
            ReportedAlert? alert;
            IReadOnlyList<string> triggered = [];
            CollectionTrigger? collection = settings.Alerts.Trigger is { } triggerSettings ? new CollectionTrigger(triggerSettings, target, settings, console) : null;
            try
            {
                alert = await FollowAsync(session, settings, console, signal.Stop, started, collection).ConfigureAwait(false);
            }
            finally
            {
                if (collection is not null)
                {
                    await collection.DisposeAsync().ConfigureAwait(false);
                    triggered = collection.Notes;
                }
            }

            LeakReport report = await FinishAsync(session, settings, signal, started, exitDrop, alert, triggered).ConfigureAwait(false);
            ReportOutput.Write(report, settings.Format, settings.Output, console);
            return (int)Verdicts.ToReturnCode(report.Verdict);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The target ended before its session's snapshot was complete: an app that exits as it starts (a
    /// job in listen mode) can end before the runtime's worker thread sends it. At a normal exit its exit
    /// snapshot file says exactly what was open then, as it does after a complete snapshot; without the
    /// file (killed, crashed) the start is unknown, and the end stays exit 8.
    /// </summary>
    private static async Task<bool> EndedAsItsExitFileSaysAsync(TargetSession session, ExitSnapshotDrop exitDrop, CancellationToken cancellationToken)
    {
        await session.StopAsync().ConfigureAwait(false);
        return session.EndedCleanly && await exitDrop.TryApplyAsync(session.Target, session.Tracker, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Follows until the end, or until an alert condition holds (without a trigger); returns the first condition that held.</summary>
    private static async Task<ReportedAlert?> FollowAsync(TargetSession session, MonitorSettings settings, ToolConsole console, CancellationToken stop, DateTimeOffset started, CollectionTrigger? trigger)
    {
        ReportedAlert? first = null;
        AlertConditions conditions = settings.Alerts.Conditions;
        var sources = new SourceTree(SourceTree.DefaultRoot(Environment.CurrentDirectory));
        DateTimeOffset deadline = settings.Duration is { } duration ? started + duration : DateTimeOffset.MaxValue;
        using LiveTable? table = console.IsTerminal ? new LiveTable(console.Out, settings.RefreshInterval, console.UseColor) : null;
        while (!stop.IsCancellationRequested && !session.Completion.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            TimeSpan wait = deadline - DateTimeOffset.UtcNow;
            wait = wait < settings.RefreshInterval ? wait : settings.RefreshInterval;
            try
            {
                await Task.WhenAny(session.Completion, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            table?.Render(session, DateTimeOffset.UtcNow - started);
            if (!conditions.Any)
            {
                continue;
            }

            ReportedAlert? alert;
            lock (session.Tracker.Sync)
            {
                alert = AlertCheck.Evaluate(session.Tracker, conditions, sources, DateTime.UtcNow, settings.RefreshInterval);
            }

            if (alert is null)
            {
                continue;
            }

            first ??= alert;
            if (trigger is null)
            {
                break;
            }

            trigger.OnAlert(alert, DateTime.UtcNow);
        }

        return first;
    }

    /// <summary>
    /// The abandoned scopes the live session saw, and those the closing snapshot's record adds when
    /// the live session lost them. Per site, the smaller count-only figure: the live session's is exact
    /// when it received the closing snapshot too, the closing snapshot's when the live one lost it.
    /// </summary>
    private static (List<ClosedScope> Abandoned, Dictionary<SiteInfo, long> CountOnly) AbandonedSeenByEither(ScopeTracker live, TakenSnapshot? final)
    {
        List<ClosedScope> abandoned = [.. live.Abandoned];
        Dictionary<SiteInfo, long> countOnly = live.CountOnlyAbandoned();
        if (final is null)
        {
            return (abandoned, countOnly);
        }

        var known = abandoned.Select(scope => scope.Id).ToHashSet();
        abandoned.AddRange(final.Abandoned.Where(scope => known.Add(scope.Id)));
        if (final.AbandonedBeforeUnknown)
        {
            // An older runtime: the closing snapshot lists no abandoned scope, and its counts come from the live session's summaries.
            return (abandoned, countOnly);
        }

        Dictionary<(string, string, int, string), long> closing = final.CountOnlyAbandoned.ToDictionary(site => site.Key.Key, site => site.Value);
        return (abandoned, countOnly.ToDictionary(site => site.Key, site => Math.Min(site.Value, closing.GetValueOrDefault(site.Key.Key))));
    }

    private static async Task<LeakReport> FinishAsync(TargetSession session, MonitorSettings settings, TerminationSignal signal, DateTimeOffset started, ExitSnapshotDrop? exitDrop, ReportedAlert? alert, IReadOnlyList<string> triggered)
    {
        var notes = new List<string>(triggered);
        TakenSnapshot? final = null;
        bool unsettled = false;

        // The event stream ends by itself only when the target's runtime shuts down or the process dies;
        // whether the process still shows up (a zombie not yet reaped) says nothing.
        if (!session.Completion.IsCompleted)
        {
            try
            {
                // A fresh snapshot settles what is open now, whatever the live session saw or missed.
                final = await SnapshotTaker.TakeAsync(session.Target, settings.Stacks, settings.AttachTimeout, signal.Abort, closing: true).ConfigureAwait(false);
            }
            catch (LeakScopeException ex) when (ex.Code is ReturnCode.TargetExited or ReturnCode.TargetNotAttachable)
            {
                notes.Add("The closing snapshot could not be taken (" + ex.Message + "); open scopes are those the live session knew of.");
            }
            catch (LeakScopeException ex)
            {
                // Frozen, hung, or no longer ours to ask: what the live session saw is reported, but it does not settle the end.
                unsettled = true;
                notes.Add(NotSettled(ex));
            }
        }

        bool targetEnded = final is null && session.Completion.IsCompleted;
        await session.StopAsync().ConfigureAwait(false);
        if (targetEnded && exitDrop is not null && !session.Tracker.ExitSnapshotCompleted && session.EndedCleanly)
        {
            await exitDrop.TryApplyAsync(session.Target, session.Tracker, signal.Abort).ConfigureAwait(false);
        }

        lock (session.Tracker.Sync)
        {
            string ending = !targetEnded ? Endings.Stopped
                : session.Tracker.ExitSnapshotCompleted || session.EndedCleanly ? Endings.OpenAtExit
                : Endings.ProcessTerminated;
            if (ending == Endings.ProcessTerminated)
            {
                notes.Add("The process ended without a normal exit (killed or crashed): only scopes it had announced, open longer than --min-age, are known.");
            }
            else if (ending == Endings.OpenAtExit && !session.Tracker.ExitSnapshotCompleted && !settings.AllEvents)
            {
                // The runtime closes EventPipe sessions before any managed exit handler can run (docs/events.md).
                notes.Add("Scopes entered less than --min-age before the exit were not announced yet and are not listed; --all-events sees every scope.");
            }

            var open = final?.Open ?? session.Tracker.OpenScopes(onlyOpenAtExit: session.Tracker.ExitSnapshotCompleted);
            long lost = session.EventsLost + (final?.EventsLost ?? 0);
            bool authoritative = final is not null && final.EventsLost == 0;
            (List<ClosedScope> abandoned, Dictionary<SiteInfo, long> countOnly) = AbandonedSeenByEither(session.Tracker, final);
            return ReportBuilder.Build(
                "monitor",
                session.Target,
                open,
                abandoned,
                new ReportOptions(settings.MinAge, ending, lost, authoritative, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow - started, settings.Stacks, notes)
                {
                    AbandonedBeforeUnknown = session.Tracker.RecordsAbandoned == false,
                    Unsettled = unsettled,
                    Alert = alert,
                    Activity = ([.. session.Tracker.Activity], settings.RefreshInterval),
                    Exits = ([.. session.Tracker.Outcomes.Sites], settings.AllEvents),
                },
                countOnly) with { Timeline = session.Tracker.Timeline.Freeze() };
        }
    }

    private static string NotSettled(LeakScopeException ex)
    {
        string why = ex.Code is ReturnCode.TargetNotResponding or ReturnCode.ProviderNotFound
            ? "The target stopped answering (frozen or hung) at the closing snapshot: "
            : "The closing snapshot could not be taken: ";
        return why + ex.Message + " The scopes listed are those the live session saw; what was entered or exited after the target last answered is unknown.";
    }
}
