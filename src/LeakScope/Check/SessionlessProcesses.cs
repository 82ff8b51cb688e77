using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// Processes below check that ran LeakScope.Runtime but never connected to its diagnostic port: a
/// NativeAOT app published without EventSource support (<c>EventSourceSupport=false</c>, the NativeAOT
/// default) has no diagnostic server at all, so it neither pauses nor connects. Its runtime still reads
/// check's data directory from the environment and writes its exit snapshot file (at exit) and its state
/// file (for a SIGKILL) there, so each such process is judged from those files alone.
/// </summary>
internal static class SessionlessProcesses
{
    private const string Nonce = "sessionless";

    private static readonly string s_why =
        $"it never connected to leakscope's diagnostic port (a NativeAOT or trimmed app without EventSource support: {ExitSnapshotContract.EventSourceProperty} turns it back on)";

    /// <summary>One outcome per process that left files in <paramref name="directory"/> and is not <paramref name="isKnown"/>.</summary>
    /// <param name="directory">check's data directory, where runtimes write their files.</param>
    /// <param name="isKnown">A process check already has an outcome for (it connected, or was named otherwise).</param>
    /// <param name="rootPid">The command's own pid: its name and command line are known after it ended.</param>
    /// <param name="commandLine">The command's arguments.</param>
    /// <param name="template">The report options the other processes' reports use.</param>
    public static List<ProcessOutcome> Conclude(string directory, Func<int, bool> isKnown, int rootPid, IReadOnlyList<string> commandLine, ReportOptions template)
    {
        var outcomes = new List<ProcessOutcome>();
        foreach (int pid in PidsWithFiles(directory).Where(pid => !isKnown(pid)).Order())
        {
            bool root = pid == rootPid;
            var target = new TargetProcess(pid, root ? Path.GetFileName(commandLine[0]) : "pid " + pid.ToString(CultureInfo.InvariantCulture), null);
            string shownCommandLine = root ? string.Join(' ', commandLine) : string.Empty;
            if (!ProcessTree.HasEnded(pid))
            {
                outcomes.Add(ProcessOutcome.NotObserved(target, shownCommandLine, s_why + ", and it was still running when check ended: only the file it writes at exit would tell its scopes"));
                continue;
            }

            outcomes.Add(FromFiles(directory, target, shownCommandLine, template));
        }

        return outcomes;
    }

    private static ProcessOutcome FromFiles(string directory, TargetProcess target, string commandLine, ReportOptions template)
    {
        var tracker = new ScopeTracker(Nonce);
        var notes = new List<string> { $"No session could follow this process: {s_why}. Its scopes come from the files its runtime wrote for check." };
        bool exitSnapshot = ExitSnapshotReader.TryApply(directory, target.Pid, tracker, out (string Reason, string Cause)? abruptEnd, out string? problem);
        if (problem is not null)
        {
            notes.Add(problem);
        }

        ScopeStateReader.StateFileContents? state = exitSnapshot ? null : ScopeStateReader.TryRead(directory, target.Pid);
        bool stateSettles = state is { Problem: null };
        if (stateSettles)
        {
            ExitSnapshotReader.ApplyAtExit(tracker, Nonce, state!.Open, state.Owners);
        }
        else if (state?.Problem is { } stateProblem)
        {
            notes.Add(stateProblem);
        }

        if (!exitSnapshot && !stateSettles)
        {
            return ProcessOutcome.NotObserved(target, commandLine, s_why + ", and its files could not be read: " + string.Join(' ', notes.Skip(1)));
        }

        bool signaled = abruptEnd?.Reason == "signal";
        string ending = signaled ? Endings.OpenAtSignal
            : abruptEnd is not null ? Endings.OpenAtCrash
            : exitSnapshot ? Endings.OpenAtExit
            : Endings.OpenAtDeath;
        if (abruptEnd is { } end)
        {
            notes.Add(EndingNotes.OfAbruptEnd(end));
        }
        else if (!exitSnapshot)
        {
            notes.Add(EndingNotes.DiedWithoutExiting);
            if (state!.ClosingNotSeen > 0)
            {
                notes.Add(EndingNotes.ClosingNotSeen(state.ClosingNotSeen));
            }

            if (state.Abandoned > 0)
            {
                // Their slots were cleared, and without a session nothing else recorded where they were entered.
                notes.Add($"{state.Abandoned} scope(s) were collected undisposed (abandoned) before the death; without a session their call sites are unknown.");
            }
        }

        lock (tracker.Sync)
        {
            long countOnly = tracker.CountOnlyAbandoned().Values.Sum();
            if (countOnly > 0)
            {
                notes.Add($"{countOnly} more scope(s) were abandoned (collected undisposed) beyond the {AbandonedRecordContract.ScopesPerSite} per call site its runtime lists: they are known by count only.");
            }

            LeakReport report = ReportBuilder.Build(
                "check",
                target,
                tracker.OpenScopes(onlyOpenAtExit: true),
                tracker.Abandoned,
                template with { Ending = ending, EventsLost = 0, Notes = notes });
            bool complete = countOnly == 0 && (exitSnapshot ? !signaled : state!.ClosingNotSeen == 0 && state.Abandoned == 0);
            return new ProcessOutcome(target, commandLine, Instrumented: true, complete, report);
        }
    }

    /// <summary>The pids named by exit snapshot and state files (<c>{pid}.exit.json</c>, <c>{pid}.state</c>).</summary>
    private static IEnumerable<int> PidsWithFiles(string directory)
    {
        var pids = new HashSet<int>();
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            string name = Path.GetFileName(path);
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0
                && int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid > 0
                && (name == ExitSnapshotContract.FileName(pid) || name == ScopeStateLayout.StateFileName(pid)))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }
}
