using System.Runtime.InteropServices;
using System.Runtime.Loader;
using LeakScope.Diagnostics;
using LeakScope.Registry;

namespace LeakScope;

/// <summary>A registry with its provider and meter; the process has one, tests make their own.</summary>
internal sealed class ScopeRuntime : IDisposable
{
    public const string TrackParentsSwitch = "LeakScope.TrackParents";
    public const string TrackParentsVariable = "LEAKSCOPE_TRACK_PARENTS";
    public const string CaptureStacksSwitch = "LeakScope.CaptureStacks";
    public const string CaptureStacksVariable = "LEAKSCOPE_CAPTURE_STACKS";

    private static PosixSignalRegistration[]? s_signalRegistrations;

    private int _exitSnapshotTaken;

    public ScopeRuntime(string providerName, string meterName, bool trackParents, int abandonedPerSite = AbandonedRecord.DefaultCapacity, bool captureStacks = false)
    {
        Registry = new ScopeRegistry(trackParents, abandonedPerSite, captureStacks);
        Events = new ScopeEventSource(providerName, Registry);
        Registry.Events = Events;
        Registry.SweepRequested = () => Events.GetWorker().RequestSweep();
        Metrics = new ScopeMetrics(Registry, meterName);
    }

    public static ScopeRuntime Default { get; } = CreateDefault();

    public ScopeRegistry Registry { get; }

    public ScopeEventSource Events { get; }

    public ScopeMetrics Metrics { get; }

    /// <summary>Emits the exit snapshot once, for sessions still listening as the process ends.</summary>
    public void OnProcessExiting()
    {
        if (Interlocked.Exchange(ref _exitSnapshotTaken, 1) == 0)
        {
            try
            {
                Events.EmitExitSnapshot();
            }
            catch (Exception ex)
            {
                SelfLog.Write("exit snapshot", ex);
            }

            if (Environment.GetEnvironmentVariable(ExitSnapshotContract.DirectoryVariable) is { Length: > 0 } directory)
            {
                WriteExitSnapshotFile(directory, "exit", cause: null);
            }

            // Sessions of monitor and collect asked for it too: EventPipe is closed before this runs.
            foreach (string sessionDirectory in Events.ExitSnapshotDirectories)
            {
                WriteExitSnapshotFile(sessionDirectory, "exit", cause: null);
            }
        }
    }

    /// <summary>An unhandled exception is about to abort the process: no exit handler will run, so the exit snapshot file is written now.</summary>
    public void OnProcessCrashing(object exception) => OnAbruptEnd("unhandled-exception", exception.GetType().FullName ?? "unknown");

    /// <summary>A signal is about to end the process without exit handlers (unless the app cancels it, in which case the snapshot is simply early).</summary>
    public void OnTerminationSignal(PosixSignal signal) => OnAbruptEnd("signal", signal.ToString());

    private void OnAbruptEnd(string reason, string cause)
    {
        if (Interlocked.Exchange(ref _exitSnapshotTaken, 1) == 0
            && Environment.GetEnvironmentVariable(ExitSnapshotContract.DirectoryVariable) is { Length: > 0 } directory)
        {
            WriteExitSnapshotFile(directory, reason, cause);
        }
    }

    /// <summary>Writes the exit snapshot where <c>leakscope check</c> reads it; EventPipe is already closed by now.</summary>
    public void WriteExitSnapshotFile(string directory, string reason, string? cause)
    {
        try
        {
            Registry.SweepWatched(minAgeMs: 0, probe: true);
            ExitSnapshotFile.Write(directory, Registry, Events.CurrentSettings, Environment.ProcessId, reason, cause);
        }
        catch (Exception ex)
        {
            SelfLog.Write("exit snapshot file", ex);
        }
    }

    public IReadOnlyList<OpenScope> DescribeOpen(ScopeCheckpoint? ignore)
    {
        Registry.SweepWatched(minAgeMs: 0, probe: true);
        long now = ScopeClock.Now();
        return Registry.ReadOpen()
            .Where(scope => ignore is null || !ignore.WasOpen(scope.Id))
            .OrderBy(scope => scope.EnteredAtMs)
            .Select(scope => new OpenScope(
                scope.Id,
                scope.Site.Kind,
                scope.Name,
                scope.Site.File,
                scope.Site.Line,
                scope.Site.Member,
                scope.ThreadId,
                scope.ParentId,
                ScopeClock.ToUtc(scope.EnteredAtMs),
                TimeSpan.FromMilliseconds(ScopeClock.MillisecondsBetween(scope.EnteredAtMs, now)),
                Registry.Owners.FindById(scope.OwnerId)?.Kind,
                Registry.Owners.FindById(scope.OwnerId)?.Name))
            .ToList();
    }

    public void Dispose()
    {
        Registry.StopWatching();
        Events.Dispose();
        Metrics.Dispose();
    }

    private static PosixSignalRegistration? TryRegister(PosixSignal signal, ScopeRuntime runtime)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, _ => runtime.OnTerminationSignal(signal));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
        {
            return null;
        }
    }

    private static bool IsConfigured(string appContextSwitch, string environmentVariable) =>
        (AppContext.TryGetSwitch(appContextSwitch, out bool enabled) && enabled)
        || Environment.GetEnvironmentVariable(environmentVariable) is "1" or "true" or "TRUE" or "True";

    private static ScopeRuntime CreateDefault()
    {
        // Under 'leakscope check' (its directory named) parents are tracked from the first scope: its
        // report names each leak's enclosing scopes, and a session attaching later could not see them.
        string? checkDirectory = Environment.GetEnvironmentVariable(ExitSnapshotContract.DirectoryVariable);
        var runtime = new ScopeRuntime(
            ScopeEventSource.ProviderName,
            ScopeEventSource.ProviderName,
            IsConfigured(TrackParentsSwitch, TrackParentsVariable) || checkDirectory is { Length: > 0 },
            captureStacks: IsConfigured(CaptureStacksSwitch, CaptureStacksVariable));

        // Under 'leakscope check' only: open scopes are mirrored to a file the tool reads even after a SIGKILL.
        if (checkDirectory is { Length: > 0 } stateDirectory
            && ScopeStateFile.TryCreate(stateDirectory, Environment.ProcessId) is { } stateFile)
        {
            runtime.Registry.KeepStateIn(stateFile);
        }

        // Unloading is raised before event sources are torn down at exit; ProcessExit is a fallback.
        AssemblyLoadContext.Default.Unloading += _ => runtime.OnProcessExiting();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => runtime.OnProcessExiting();
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.IsTerminating)
            {
                runtime.OnProcessCrashing(e.ExceptionObject);
            }
        };

        // Under 'leakscope check' only: SIGTERM and SIGINT end a .NET process without exit handlers.
        if (Environment.GetEnvironmentVariable(ExitSnapshotContract.DirectoryVariable) is { Length: > 0 })
        {
            s_signalRegistrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT }.Select(signal => TryRegister(signal, runtime)).OfType<PosixSignalRegistration>()];
        }

        return runtime;
    }
}
