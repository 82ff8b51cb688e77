using System.Globalization;
using LeakScope.Cli.Model;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// One .NET process that the checked command started: attached while paused at start-up, followed
/// until it ends, and then judged from its exit snapshot file or, without one, from its events.
/// </summary>
internal sealed class ObservedProcess
{
    private const string StateFileNonce = "state-file";

    private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(30);

    /// <summary>A runtime paused at start-up answers at once; one that does not within this is hung.</summary>
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(15);

    private ObservedProcess(int pid, TargetProcess? target, TargetSession? session, string? attachError, string? tracePath)
    {
        Pid = pid;
        Target = target ?? new TargetProcess(pid, "pid " + pid.ToString(CultureInfo.InvariantCulture), null);
        Session = session;
        AttachError = attachError;
        TracePath = tracePath;
    }

    public int Pid { get; }

    public TargetProcess Target { get; }

    public TargetSession? Session { get; }

    /// <summary>Why no session could be started, when none was.</summary>
    public string? AttachError { get; }

    /// <summary>The raw recording of this process's session, when <c>--trace</c> asked for one.</summary>
    public string? TracePath { get; }

    /// <summary>Completes when the session's stream ends: the process exited, was killed, or the session was stopped.</summary>
    public Task Completion => Session?.Completion ?? Task.CompletedTask;

    /// <summary>Starts a session on a runtime paused at start-up; on failure keeps the reason instead of throwing.</summary>
    /// <param name="stateDirectory">Where the process's runtime writes its exit snapshot and state files.</param>
    public static async Task<ObservedProcess> AttachAsync(int pid, SessionOptions options, string stateDirectory, string? tracePath, CancellationToken cancellationToken)
    {
        TargetProcess? target = null;
        FileStream? recording = null;
        string commandLine = string.Empty;
        try
        {
            target = TargetProcess.FromPid(pid);
            target = target with { Name = DotnetProcesses.AppName(pid, target.Name) };
            commandLine = DotnetProcesses.ReadCommandLine(pid);
            bool mayUseLeakScope = LeakScopeUse.IsPossible(pid);
            uint? uid = ProcessOwner.UidOf(pid);
            uint? foreignUid = uid is { } u && u != ProcessOwner.UidOf(Environment.ProcessId) ? u : null;
            // Another user's runtime cannot create its state file in our directory: its absence then proves nothing.
            bool knowsStateDirectory = foreignUid is null && DotnetProcesses.ReadEnvironmentVariable(pid, ExitSnapshotContract.DirectoryVariable) == stateDirectory;
            recording = tracePath is null ? null : UserOnlyFile.CreateNew(tracePath);
            TargetSession session = await TargetSession.StartAsync(target, options, s_connectTimeout, cancellationToken, recording).ConfigureAwait(false);
            return new ObservedProcess(pid, target, session, null, tracePath)
            {
                Recording = recording,
                CommandLine = commandLine,
                MayUseLeakScope = mayUseLeakScope,
                KnowsStateDirectory = knowsStateDirectory,
                ForeignUid = foreignUid,
            };
        }
        catch (Exception ex) when (ex is LeakScopeException or IOException or UnauthorizedAccessException)
        {
            if (recording is not null)
            {
                await recording.DisposeAsync().ConfigureAwait(false);
            }

            return new ObservedProcess(pid, target, null, ex.Message, null) { CommandLine = commandLine };
        }
    }

    /// <summary>Its app ships LeakScope.Runtime (<see cref="LeakScopeUse"/>): until it ends, not answering yet does not mean it does not use it.</summary>
    public bool MayUseLeakScope { get; private init; }

    /// <summary>
    /// It was started with the state directory in its environment, so a LeakScope runtime in it would have
    /// created its state file there before its first scope: no file then proves it never entered one.
    /// </summary>
    public bool KnowsStateDirectory { get; private init; }

    /// <summary>The uid the process runs as, when it is not leakscope's: it cannot write into check's data directory.</summary>
    public uint? ForeignUid { get; private init; }

    /// <summary>The process's command line, as it was when it connected.</summary>
    public string CommandLine { get; private init; } = string.Empty;

    private FileStream? Recording { get; init; }

    /// <summary>Its LeakScope provider has answered: the process uses LeakScope.Runtime.</summary>
    public bool HasAnswered
    {
        get
        {
            if (Session is null)
            {
                return false;
            }

            lock (Session.Tracker.Sync)
            {
                return Session.Tracker.AnySnapshotCompleted || Session.Tracker.OpenCount > 0;
            }
        }
    }

    /// <summary>What a closing snapshot found open in a process that outlived the command.</summary>
    private TakenSnapshot? Closing { get; set; }

    /// <summary>Stops following a process that outlived the command, after a closing snapshot says exactly what it holds open.</summary>
    public async Task DetachAsync(bool stacks, CancellationToken cancellationToken)
    {
        if (Session is null)
        {
            return;
        }

        try
        {
            // A process that never answered (a build server without LeakScope) would only make us wait.
            Closing = !HasAnswered ? null : await SnapshotTaker.TakeAsync(Target, stacks, TimeSpan.FromSeconds(10), cancellationToken, closing: true).ConfigureAwait(false);
        }
        catch (LeakScopeException)
        {
            // It exited meanwhile or does not answer: what its session saw is all there is.
        }

        await Session.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Once <see cref="Completion"/> is done: waits for the process to be gone, reads its exit snapshot and reports.</summary>
    public async Task<ProcessOutcome> ConcludeAsync(string exitSnapshotDirectory, bool detached, ReportOptions template, CancellationToken cancellationToken)
    {
        if (Session is null)
        {
            return ProcessOutcome.NotObserved(Target, CommandLine, "not observed: " + AttachError);
        }

        await Session.DisposeAsync().ConfigureAwait(false);
        Exception? traceFailure = Session.RecordingFailure;
        if (Recording is not null)
        {
            try
            {
                await Recording.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                traceFailure ??= ex;
            }
        }

        // The exit snapshot file is written after EventPipe has closed, so only a gone process proves there is none.
        if (!detached)
        {
            await WaitUntilGoneAsync(cancellationToken).ConfigureAwait(false);
        }

        ScopeTracker tracker = Session.Tracker;
        bool exitSnapshot = ExitSnapshotReader.TryApply(exitSnapshotDirectory, Pid, tracker, out (string Reason, string Cause)? abruptEnd, out string? problem);
        bool signaled = abruptEnd?.Reason == "signal";
        var notes = new List<string>();
        if (problem is not null)
        {
            notes.Add(problem);
        }

        // Without an exit snapshot (killed, FailFast, a stack overflow), the state file still says what was open at death.
        ScopeStateReader.StateFileContents? state = exitSnapshot || detached ? null : ScopeStateReader.TryRead(exitSnapshotDirectory, Pid);
        bool stateSettles = state is { Problem: null };
        if (stateSettles)
        {
            ExitSnapshotReader.ApplyAtExit(tracker, StateFileNonce, state!.Open, state.Owners);
        }
        else if (state?.Problem is { } stateProblem)
        {
            notes.Add(stateProblem);
        }

        // No state file where its runtime would have made one before its first scope: it never entered a scope.
        bool provenUnused = !exitSnapshot && !detached && state is null && KnowsStateDirectory;

        lock (tracker.Sync)
        {
            bool instrumented = exitSnapshot || state is not null || Closing is not null || HasAnswered || tracker.Abandoned.Count > 0;
            string ending = detached ? Endings.Stopped
                : signaled ? Endings.OpenAtSignal
                : abruptEnd is not null ? Endings.OpenAtCrash
                : exitSnapshot ? Endings.OpenAtExit
                : Session.EndedCleanly ? Endings.OpenAtExit
                : stateSettles ? Endings.OpenAtDeath
                : Endings.ProcessTerminated;
            if (abruptEnd is { } end)
            {
                notes.Add(EndingNotes.OfAbruptEnd(end));
            }
            else if (detached)
            {
                notes.Add(Closing is not null
                    ? "Still running when the command ended: the scopes open then, at least --announce-after old, are listed; the process was not observed to its end."
                    : "Still running when the command ended: scopes it had announced are listed; the process was not observed to its end.");
            }
            else if (ending == Endings.OpenAtDeath)
            {
                notes.Add(EndingNotes.DiedWithoutExiting);
                if (state!.ClosingNotSeen > 0)
                {
                    notes.Add(EndingNotes.ClosingNotSeen(state.ClosingNotSeen));
                }
            }
            else if (ending == Endings.ProcessTerminated && instrumented)
            {
                notes.Add("The process ended without a normal exit (killed or crashed): only scopes it had announced are known.");
            }
            else if (!exitSnapshot && !stateSettles && instrumented && ForeignUid is { } uid)
            {
                notes.Add($"The process ran as uid {uid}, not as leakscope's user, so it could not write its exit snapshot into leakscope's private directory: scopes entered shortly before the exit are unknown. Run leakscope as that user for an exact report.");
            }
            else if (!exitSnapshot && !stateSettles && instrumented)
            {
                notes.Add("The process wrote no exit snapshot: scopes entered shortly before the exit are unknown.");
            }

            if (!instrumented && detached && MayUseLeakScope)
            {
                // Its app ships LeakScope and it is still running: it may yet open scopes, so it is no proof of anything.
                return ProcessOutcome.NotObserved(Target, CommandLine, "still running when the wait ended (--child-timeout), without having used LeakScope yet; its app ships LeakScope.Runtime, so whether it leaks is unknown");
            }

            if (!instrumented && ending == Endings.ProcessTerminated && !provenUnused)
            {
                // Killed before its provider answered: whether it used LeakScope is unknown.
                return ProcessOutcome.NotObserved(Target, CommandLine, "ended abruptly before it could tell whether it uses LeakScope");
            }

            List<KnownOpenScope> open = exitSnapshot || stateSettles ? tracker.OpenScopes(onlyOpenAtExit: true) : Closing?.Open ?? tracker.OpenScopes();
            LeakReport report = ReportBuilder.Build(
                "check",
                Target,
                open,
                tracker.Abandoned,
                template with { Ending = ending, EventsLost = Session.EventsLost, Notes = notes });
            // Stopped by a signal, the process did not finish its work: what was open is known, but not whether it would have been closed.
            // A watched resource the state file lists may have been closed since the last sweep: not exact.
            bool complete = (exitSnapshot || stateSettles) && !detached && !signaled && !(ending == Endings.OpenAtDeath && state!.ClosingNotSeen > 0);
            return new ProcessOutcome(Target, CommandLine, instrumented, complete, report) { TracePath = TracePath, TraceFailure = traceFailure };
        }
    }

    private async Task WaitUntilGoneAsync(CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + s_exitGrace;
        while (!ProcessLiveness.HasEnded(Target) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }
}
