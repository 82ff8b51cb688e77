using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;
using LeakScope.Diagnostics;

namespace LeakScope.Cli.Check;

/// <summary>
/// Runs a command with every .NET runtime it starts paused at start-up on a private diagnostic
/// port; attaches to each before it runs any code, resumes it, and once the processes have ended
/// reports the scopes each left open. Whatever happens, no process is left paused, and the command
/// is killed if leakscope fails. Should check itself die, a <see cref="PortKeeper"/> resumes the
/// processes the command still starts.
/// </summary>
internal sealed class CheckRun
{
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(5);

    private readonly CheckSettings _settings;
    private readonly ToolConsole _console;
    private readonly TerminationSignal _signal;
    private readonly CheckDirectory _work;
    private readonly SessionOptions _sessionOptions;
    private readonly List<Task<ObservedProcess>> _attaches = [];
    private readonly HashSet<int> _attachedPids = [];
    private readonly int? _keeperPid;
    private LeakScopeException? _outputFailure;

    private CheckRun(CheckSettings settings, ToolConsole console, TerminationSignal signal, CheckDirectory work, int? keeperPid)
    {
        _keeperPid = keeperPid;
        _settings = settings;
        _console = console;
        _signal = signal;
        _work = work;
        _sessionOptions = new SessionOptions(settings.AnnounceAfter, TimeSpan.FromDays(1), settings.Stacks, AllEvents: false);
    }

    private const string DiagnosticPortsVariable = "DOTNET_DiagnosticPorts";

    public static async Task<int> RunAsync(CheckSettings settings, ToolConsole console, TerminationSignal signal)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") == "0" || Environment.GetEnvironmentVariable("COMPlus_EnableDiagnostics") == "0")
        {
            throw new LeakScopeException(
                ReturnCode.TargetNotAttachable,
                "DOTNET_EnableDiagnostics=0 is set: .NET processes started with it cannot be observed; unset it for the check.");
        }

        var sources = new SourceTree(settings.SourceRoot ?? SourceTree.DefaultRoot(Environment.CurrentDirectory));
        Baseline baseline = settings.Baseline is { } path && !settings.UpdateBaseline ? Baseline.Load(path) : Baseline.Empty;
        var filter = new LeakFilter(settings.IgnoreKinds, settings.IgnoreSites);

        // Holds the port, the exit snapshots and the recordings.
        CheckDirectory work = CheckDirectory.Create();
        // Started before the command, and runs in parallel with it: from now on, check dying leaves no process paused.
        PortKeeperProcess? keeper = PortKeeperProcess.TryStart(work);
        if (keeper is null)
        {
            console.Error.WriteLine("leakscope: could not start the port keeper: if leakscope is killed, .NET processes the command starts afterwards stay paused.");
        }

        try
        {
            var run = new CheckRun(settings, console, signal, work, keeper?.Pid);
            (CheckResult result, int? rootPid, bool anyProcess) = await run.ExecuteAsync(sources, filter, baseline).ConfigureAwait(false);
            return run.Finish(result, rootPid, anyProcess);
        }
        finally
        {
            Close(work, keeper);
        }
    }

    /// <summary>
    /// Removes the directory, unless a process that outlived the command still carries the port:
    /// a .NET process it starts would wait paused for an answer, so the keeper takes the port over.
    /// </summary>
    private static void Close(CheckDirectory work, PortKeeperProcess? keeper)
    {
        if (keeper is not null && PortCarriers.Any(work.PortPath))
        {
            work.DeleteData();
            keeper.HandOver();
            return;
        }

        work.Delete();
        keeper?.Release();
    }

    private async Task<(CheckResult Result, int? RootPid, bool AnyProcess)> ExecuteAsync(SourceTree sources, LeakFilter filter, Baseline baseline)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await using var port = new DiagnosticPortServer(_work.PortPath, OnRuntimeAsync);
        // Ports the user configured (a dotnet-monitor sidecar, say) are kept: the runtime takes a ';'-separated list.
        string? existingPorts = Environment.GetEnvironmentVariable(DiagnosticPortsVariable);
        var environment = new Dictionary<string, string>
        {
            [DiagnosticPortsVariable] = string.IsNullOrEmpty(existingPorts) ? port.EnvironmentValue : existingPorts + ";" + port.EnvironmentValue,
            [ExitSnapshotContract.DirectoryVariable] = _work.Data,
        };

        Func<int, bool> hasConnected = pid => port.Runtimes.Any(r => r.Pid == pid);
        LateStarters.AdoptOrphans();
        using ChildCommand child = ChildCommand.Start(_settings.CommandLine, environment);
        await using var reaper = new OrphanReaper(_keeperPid is { } keeperPid ? [child.Pid, keeperPid] : [child.Pid]);
        await using var paused = new PausedProcessWatch(port.SocketPath, hasConnected, _console);
        await using var unobservable = new UnobservedRuntimeWatch(port.SocketPath, hasConnected, _keeperPid is { } keeper ? [keeper] : [], _console);
        bool finished = false;
        try
        {
            bool interrupted = false;
            try
            {
                await child.WaitForExitAsync(_signal.Stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_signal.Stop.IsCancellationRequested)
            {
                interrupted = true;
                _console.Error.WriteLine("leakscope: interrupted; stopping the command and writing a partial report (Ctrl+C again kills it at once).");
                await child.StopAsync(s_stopGrace, _signal.Abort).ConfigureAwait(false);
            }

            (List<ObservedProcess> processes, bool stoppedWaiting) = await WaitForProcessesAsync(interrupted, () => LateStarters.Pending(port.SocketPath, IsAttached).Count > 0).ConfigureAwait(false);
            if (stoppedWaiting)
            {
                // The command had ended: what still runs is left alone, as at --child-timeout, and the report is partial.
                interrupted = true;
                _console.Error.WriteLine("leakscope: interrupted; no longer waiting for the processes still running (they are left running), writing a partial report.");
            }

            var outcomes = new List<ProcessOutcome>(paused.Unreached());
            outcomes.AddRange([.. (await unobservable.UnobservedAsync().ConfigureAwait(false)).Where(o => outcomes.All(known => known.Pid != o.Pid))]);
            outcomes.AddRange([.. StillCarrying(port.SocketPath, hasConnected, outcomes)]);
            var template = new ReportOptions(_settings.AnnounceAfter, Endings.OpenAtExit, 0, false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow - started, _settings.Stacks, []);
            foreach (ObservedProcess process in processes)
            {
                bool detached = !process.Completion.IsCompleted;
                if (detached)
                {
                    await process.DetachAsync(_settings.Stacks, _signal.Abort).ConfigureAwait(false);
                }

                outcomes.Add(await process.ConcludeAsync(_work.Data, detached, template, _signal.Abort).ConfigureAwait(false));
            }

            // Runtimes that wrote files but never connected (no EventSource, as in NativeAOT apps by default).
            outcomes.AddRange(SessionlessProcesses.Conclude(_work.Data, pid => hasConnected(pid) || outcomes.Any(o => o.Pid == pid), child.Pid, _settings.CommandLine, template));

            var invocation = new CheckedCommand(_settings.CommandLine, child.ExitCode, interrupted, sources.Root);
            template = template with { Now = DateTimeOffset.UtcNow };
            CheckResult result = CheckReportBuilder.Build(outcomes, invocation, child.Pid, sources, filter, baseline, template);
            if (_settings.UpdateBaseline)
            {
                // Judged against the baseline being written, so the run that records the known leaks passes.
                result = CheckReportBuilder.Build(outcomes, invocation, child.Pid, sources, filter, Baseline.Of(result.Sites), template);
            }

            _outputFailure = KeepTraces(outcomes);
            finished = true;
            return (result, child.Pid, outcomes.Count > 0);
        }
        finally
        {
            if (!finished)
            {
                // leakscope failed or was aborted: the command must not outlive it, nor anything stay paused.
                child.Kill();
                KillObserved();
            }

            await ResumeAllAsync(port).ConfigureAwait(false);
        }
    }

    /// <summary>The processes that may still start a .NET process check will not see, as not observed (<see cref="LateStarters.StillCarrying"/>).</summary>
    private static IEnumerable<ProcessOutcome> StillCarrying(string portPath, Func<int, bool> hasConnected, List<ProcessOutcome> known)
    {
        foreach (int pid in LateStarters.StillCarrying(portPath, hasConnected).Where(pid => known.All(o => o.Pid != pid)))
        {
            TargetProcess target;
            try
            {
                target = TargetProcess.FromPid(pid);
            }
            catch (LeakScopeException)
            {
                continue;
            }

            yield return ProcessOutcome.NotObserved(target, DotnetProcesses.ReadCommandLine(pid),
                "still running when check ended, it carries leakscope's diagnostic port: a .NET process it starts from now on is resumed by the port keeper but not checked");
        }
    }

    private async Task OnRuntimeAsync(AdvertisedRuntime runtime)
    {
        string? trace = _settings.Trace is null ? null : Path.Combine(_work.Data, runtime.Pid + ".nettrace");
        Task<ObservedProcess> attach = ObservedProcess.AttachAsync(runtime.Pid, _sessionOptions, _work.Data, trace, _signal.Abort);
        lock (_attaches)
        {
            _attaches.Add(attach);
            _attachedPids.Add(runtime.Pid);
        }

        try
        {
            await attach.ConfigureAwait(false);
        }
        finally
        {
            // Resumed whether or not the session started: a process is never left paused.
            await runtime.TryResumeAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the observed processes that use LeakScope to end, and for processes that may still
    /// connect (<see cref="LateStarters"/>), giving those still running after the command <see cref="CheckSettings.ChildExitTimeout"/>.
    /// Ctrl+C (or SIGTERM) during that wait ends it; <c>StoppedWaiting</c> then says so.
    /// </summary>
    /// <param name="interrupted">The command was stopped by a signal already: its processes get the stop grace, which a signal does not cut short.</param>
    /// <param name="anyLateStarter">Whether a process that may still connect is below check.</param>
    private async Task<(List<ObservedProcess> Processes, bool StoppedWaiting)> WaitForProcessesAsync(bool interrupted, Func<bool> anyLateStarter)
    {
        TimeSpan timeout = interrupted ? s_stopGrace : _settings.ChildExitTimeout;
        DateTime deadline = DateTime.UtcNow + timeout;
        CancellationToken stop = interrupted ? CancellationToken.None : _signal.Stop;
        bool told = false;
        while (true)
        {
            Task<ObservedProcess>[] attaches;
            lock (_attaches)
            {
                attaches = [.. _attaches];
            }

            ObservedProcess[] processes = await Task.WhenAll(attaches).ConfigureAwait(false);
            // Processes that ended are waited for until their streams end; of those still alive, only the ones
            // that use LeakScope or ship it (a first scope may come late): a build server or an MSBuild node
            // kept for reuse would never end.
            ObservedProcess[] running = [.. processes
                .Where(p => !p.Completion.IsCompleted && (p.HasAnswered || p.MayUseLeakScope || ProcessLiveness.HasEnded(p.Target)))];
            TimeSpan left = deadline - DateTime.UtcNow;
            // Only asked when nothing else keeps the wait going: it reads /proc of every process below check.
            bool lateStarters = running.Length == 0 && !interrupted && left > TimeSpan.Zero && anyLateStarter();
            bool stopped = stop.IsCancellationRequested;
            if ((running.Length == 0 && !lateStarters) || left <= TimeSpan.Zero || stopped || _signal.Abort.IsCancellationRequested)
            {
                lock (_attaches)
                {
                    // A process that connected meanwhile is waited for on the next round, unless the user asked to stop.
                    if (stopped || _attaches.Count == attaches.Length)
                    {
                        return ([.. processes], stopped);
                    }
                }

                continue;
            }

            if (!told && !interrupted && running.Where(p => !ProcessLiveness.HasEnded(p.Target)).Select(p => p.Target.ToString()).ToList() is { Count: > 0 } alive)
            {
                // Without a word, a command that has ended while check goes on waiting looks hung.
                told = true;
                _console.Error.WriteLine(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"leakscope: the command has ended; waiting up to {timeout.TotalSeconds:0.#} s (--child-timeout) for {string.Join(", ", alive)}, still running (Ctrl+C stops waiting)."));
            }

            Task poll = Task.Delay(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, lateStarters ? 100 : 200)), stop);
            await Task.WhenAny(running.Length == 0 ? [poll] : [Task.WhenAll(running.Select(p => p.Completion)), poll]).ConfigureAwait(false);
        }
    }

    /// <summary>Its attach is among those <see cref="WaitForProcessesAsync"/> waits for; being connected is not enough yet.</summary>
    private bool IsAttached(int pid)
    {
        lock (_attaches)
        {
            return _attachedPids.Contains(pid);
        }
    }

    private static async Task ResumeAllAsync(DiagnosticPortServer port)
    {
        foreach (AdvertisedRuntime runtime in port.Runtimes.Where(r => !r.Resumed))
        {
            await runtime.TryResumeAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void KillObserved()
    {
        lock (_attaches)
        {
            foreach (Task<ObservedProcess> attach in _attaches.Where(a => a.IsCompletedSuccessfully))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(attach.Result.Pid);
                    if (attach.Result.Target.StartTime is null || attach.Result.Target.IsRunning())
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }
    }

    /// <summary>
    /// Keeps the recordings of processes that used LeakScope: at <c>--trace</c> for one, numbered by pid
    /// for several. A recording that could not be written whole is not kept; the error is returned so
    /// the reports are still written before the run fails.
    /// </summary>
    private LeakScopeException? KeepTraces(List<ProcessOutcome> outcomes)
    {
        if (_settings.Trace is not { } trace)
        {
            return null;
        }

        LeakScopeException? failure = null;
        List<ProcessOutcome> kept = [.. outcomes.Where(o => o.Instrumented && o.TracePath is not null)];
        foreach (ProcessOutcome outcome in kept)
        {
            string destination = kept.Count == 1 ? trace
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(trace)) ?? ".", $"{Path.GetFileNameWithoutExtension(trace)}.{outcome.Pid}{Path.GetExtension(trace)}");
            try
            {
                if (outcome.TraceFailure is { } writeFailure)
                {
                    throw UserOnlyFile.Failure(destination, outcome.TracePath!, "the trace", writeFailure);
                }

                UserOnlyFile.MoveInto(outcome.TracePath!, destination, "the trace");
                _console.Error.WriteLine($"Trace of {outcome.Target} kept in {destination}.");
            }
            catch (LeakScopeException ex)
            {
                failure ??= ex;
            }
        }

        return failure;
    }

    private int Finish(CheckResult result, int? rootPid, bool anyProcess)
    {
        LeakReport report = result.Report;
        var sources = new SourceTree(report.Invocation!.SourceRoot);
        CheckSummaryWriter.Write(report, sources, _console.Error);
        foreach (CheckOutput output in _settings.Outputs)
        {
            CheckReportOutput.Write(report, output, sources, _console.Out, _console.Error);
        }

        if (_settings.UpdateBaseline && _settings.Baseline is { } baselinePath)
        {
            Baseline.Save(baselinePath, result.Sites);
            _console.Error.WriteLine($"Baseline {baselinePath} written with {result.Sites.Count} leak site(s).");
        }

        CheckedCommand invocation = report.Invocation!;
        // Follows from the verdict the reports carry, so the exit code and the report always agree (docs/report-format.md).
        ReturnCode code = invocation.Interrupted ? ReturnCode.Interrupted
            : report.Verdict == Verdicts.NoLeakScope && !anyProcess ? ReturnCode.NoDotnetProcess
            : report.Verdict == Verdicts.Clean && invocation.ExitCode is not 0 ? ReturnCode.CommandFailed
            : Verdicts.ToReturnCode(report.Verdict);
        _console.Error.WriteLine(CheckSummaryWriter.Conclusion(code, invocation, rootPid));

        // The reports are written; a trace that was asked for and could not be kept still fails the run.
        if (_outputFailure is not null)
        {
            throw _outputFailure;
        }

        return (int)code;
    }
}
