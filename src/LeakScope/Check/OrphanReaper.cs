using System.Runtime.InteropServices;

namespace LeakScope.Cli.Check;

/// <summary>
/// Reaps the orphans check adopts as their subreaper (<see cref="LateStarters.AdoptOrphans"/>) once
/// they end. .NET waits only for the processes it started itself, so nobody else would: each would
/// stay a zombie below check until check exits, holding a pid, and a long command that leaves
/// short-lived background processes behind by the thousand would run the machine out of pids.
/// </summary>
internal sealed partial class OrphanReaper : IAsyncDisposable
{
    private const int NoHang = 1;
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(500);

    private readonly HashSet<int> _startedByCheck;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reaping;

    /// <param name="startedByCheck">The processes check started itself: .NET reaps those, and needs their exit status.</param>
    public OrphanReaper(IEnumerable<int> startedByCheck)
    {
        _startedByCheck = [.. startedByCheck];
        _reaping = OperatingSystem.IsLinux() ? Task.Run(ReapAsync) : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reaping.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReapAsync()
    {
        while (true)
        {
            // A zombie's pid is not reused until it is reaped, so the one read here is the one waited for.
            foreach (int pid in ProcessTree.Children(Environment.ProcessId).Where(p => !_startedByCheck.Contains(p) && ProcessTree.HasEnded(p)))
            {
                _ = WaitForProcess(pid, out _, NoHang);
            }

            try
            {
                await Task.Delay(s_interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitForProcess(int pid, out int status, int options);
}
