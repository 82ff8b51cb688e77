using LeakScope.Cli.CommandLine;
using LeakScope.Cli.Reporting;
using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>
/// Looks, while check runs, for processes below it in which a .NET runtime runs that never connects
/// to check's port: started with diagnostics disabled (<c>DOTNET_EnableDiagnostics=0</c>), or without
/// the port in its environment (a parent that replaced it). Nothing else would ever show them, so
/// their leaks would be missed in silence; each is named on stderr when found and listed as not
/// observed, also when it ended long before check did. A process whose environment disables
/// diagnostics counts too, as a .NET process it starts would not be seen. It polls <c>/proc</c>:
/// a process that starts and ends between two looks is missed (docs: the limits of check).
/// Linux only; elsewhere none is found.
/// </summary>
internal sealed class UnobservedRuntimeWatch : IAsyncDisposable
{
    /// <summary>A runtime takes longer than this to start, so a .NET process is seen at least once.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(100);

    private readonly string _portPath;
    private readonly Func<int, bool> _hasConnected;
    private readonly HashSet<int> _ignored;
    private readonly ToolConsole _console;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, Finding> _found = [];

    // Runtimes that carry the port with diagnostics on: they connect, or PausedProcessWatch names them.
    private readonly HashSet<int> _reachable = [];
    private readonly Task _watching;

    /// <param name="portPath">check's diagnostic port.</param>
    /// <param name="hasConnected">Whether a process connected to the port.</param>
    /// <param name="ignored">check's own helpers below it (the port keeper), which never connect.</param>
    /// <param name="console">Where a process found is named.</param>
    public UnobservedRuntimeWatch(string portPath, Func<int, bool> hasConnected, IEnumerable<int> ignored, ToolConsole console)
    {
        _portPath = portPath;
        _hasConnected = hasConnected;
        _ignored = [.. ignored];
        _console = console;
        _watching = OperatingSystem.IsLinux() ? Task.Run(WatchAsync) : Task.CompletedTask;
    }

    /// <summary>Stops looking, looks a last time, and gives every process found that never connected, as not observed.</summary>
    public async Task<IReadOnlyList<ProcessOutcome>> UnobservedAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (OperatingSystem.IsLinux())
        {
            Look();
        }

        return [.. _found.Values.Select(f => f.Outcome).Where(o => !_hasConnected(o.Pid))];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _watching.ConfigureAwait(false);
    }

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Look();
            try
            {
                await Task.Delay(Interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Called by the watch loop, then once by UnobservedAsync after the loop ended: never at the same time.
    private void Look()
    {
        foreach (int pid in ProcessTree.Descendants(Environment.ProcessId))
        {
            if (_ignored.Contains(pid) || _reachable.Contains(pid) || _hasConnected(pid))
            {
                continue;
            }

            // A process seen before is looked at again only while it may still become a runtime (exec, or the host loading it).
            bool known = _found.TryGetValue(pid, out Finding? before);
            if (known && before!.LoadsTheRuntime)
            {
                continue;
            }

            bool loads = ProcessTree.LoadsTheRuntime(pid);
            bool disabled = ProcessTree.DiagnosticsDisabled(pid);
            if (loads && !disabled && PortCarriers.Carries(pid, _portPath))
            {
                _reachable.Add(pid);
                continue;
            }

            if ((!loads && !disabled) || (known && !loads))
            {
                continue;
            }

            string problem = !loads ? "its environment disables .NET diagnostics (DOTNET_EnableDiagnostics=0): a .NET process it starts cannot be observed"
                : disabled ? "its .NET diagnostics are disabled (DOTNET_EnableDiagnostics=0), so it never connects to leakscope's diagnostic port"
                : "it started without leakscope's diagnostic port in its environment (DOTNET_DiagnosticPorts removed or replaced), so it never connects to it";
            TargetProcess target;
            try
            {
                target = TargetProcess.FromPid(pid);
            }
            catch (LeakScopeException)
            {
                continue;
            }

            target = target with { Name = DotnetProcesses.AppName(pid, target.Name) };
            _found[pid] = new Finding(ProcessOutcome.NotObserved(target, DotnetProcesses.ReadCommandLine(pid), problem), loads);
            _console.Error.WriteLine("leakscope: " + DisplayText.Escape($"{target} cannot be observed: {problem}. The report will be inconclusive."));
        }
    }

    private sealed record Finding(ProcessOutcome Outcome, bool LoadsTheRuntime);
}
