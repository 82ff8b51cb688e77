using System.Globalization;
using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>
/// Looks, while the command runs, for .NET processes under it that carry check's port in their
/// environment but have not connected to it: paused at start-up, they wait for a port they cannot
/// reach (a directory above it their user may not search, another mount namespace). The runtime
/// resumes only once each of its suspending ports has been answered, and nothing else counts, not
/// even a resume sent on its default socket, so nothing here can resume such a process. Check
/// says at once which process waits and why, instead of hanging silently, and the report lists it
/// as not observed.
/// </summary>
internal sealed class PausedProcessWatch : IAsyncDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    private readonly string _portPath;
    private readonly Func<int, bool> _hasConnected;
    private readonly ToolConsole _console;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, ProcessOutcome> _found = [];
    private readonly Task _watching;

    public PausedProcessWatch(string portPath, Func<int, bool> hasConnected, ToolConsole console)
    {
        _portPath = portPath;
        _hasConnected = hasConnected;
        _console = console;
        _watching = OperatingSystem.IsLinux() ? Task.Run(WatchAsync) : Task.CompletedTask;
    }

    /// <summary>How long a runtime may take to connect after its process started: it connects before running any code.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The processes found waiting that never connected, as not observed.</summary>
    public IReadOnlyList<ProcessOutcome> Unreached()
    {
        lock (_found)
        {
            return [.. _found.Values.Where(o => !_hasConnected(o.Pid))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(s_interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Below check, not only below the command: orphans it started are re-parented to check (LateStarters).
            foreach (int pid in ProcessTree.Descendants(Environment.ProcessId))
            {
                bool known;
                lock (_found)
                {
                    known = _found.ContainsKey(pid);
                }

                if (!known && Inspect(pid) is { } waiting)
                {
                    lock (_found)
                    {
                        _found[pid] = waiting;
                    }

                    _console.Error.WriteLine("leakscope: " + DisplayText.Escape(
                        $"{waiting.Target} has not reached leakscope's diagnostic port {Patience.TotalSeconds:0} s after it started: {waiting.Problem}. It stays paused until the command is stopped (Ctrl+C); the report will be inconclusive."));
                }
            }
        }
    }

    /// <summary>The process as not observed when it is a runtime that carries the port, could have connected long ago, and has not.</summary>
    private ProcessOutcome? Inspect(int pid)
    {
        if (_hasConnected(pid) || !PortCarriers.Carries(pid, _portPath) || !ProcessTree.LoadsTheRuntime(pid) || ProcessTree.DiagnosticsDisabled(pid))
        {
            return null;
        }

        TargetProcess target;
        try
        {
            target = TargetProcess.FromPid(pid);
        }
        catch (LeakScopeException)
        {
            return null;
        }

        if (target.StartTime is not { } started || DateTimeOffset.UtcNow - started < Patience || _hasConnected(pid))
        {
            return null;
        }

        target = target with { Name = DotnetProcesses.AppName(pid, target.Name) };
        uint? uid = ProcessOwner.UidOf(pid);
        string who = uid is { } u && u != ProcessOwner.UidOf(Environment.ProcessId)
            ? $"it runs as uid {u}, which must be able to search every directory above {_portPath}"
            : $"it cannot reach {_portPath} (another mount namespace or a sandbox?)";
        return ProcessOutcome.NotObserved(target, DotnetProcesses.ReadCommandLine(pid), $"paused at start-up, it never connected to leakscope's diagnostic port: {who}");
    }
}
