using System.Runtime.InteropServices;

namespace LeakScope.Cli.Check;

/// <summary>
/// Processes the command started that may yet connect to check's port: a .NET process started just
/// before its parent exited is re-parented away from the command and connects after the command has
/// ended. check makes itself the subreaper of what the command starts, so such orphans stay below
/// it, and waits for those that carry the port and either load the runtime without having connected
/// yet, or started so recently that they may still exec one (a subshell about to run <c>dotnet</c>).
/// Linux only; elsewhere none is found, as before.
/// </summary>
internal static partial class LateStarters
{
    private const int SetChildSubreaper = 36;

    /// <summary>How long after its start a process that is not .NET yet may still become one (fork, then exec).</summary>
    public static TimeSpan ExecGrace { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Orphans of the command become this process's children instead of init's (<c>PR_SET_CHILD_SUBREAPER</c>).</summary>
    public static void AdoptOrphans()
    {
        if (OperatingSystem.IsLinux())
        {
            // A kernel without it (before 3.4) leaves orphans to init: only the late starters are missed, as before.
            _ = SetProcessControl(SetChildSubreaper, 1, 0, 0, 0);
        }
    }

    /// <summary>The processes below check that carry the port and may still connect to it.</summary>
    public static List<int> Pending(string portPath, Func<int, bool> hasConnected) =>
        [.. UnconnectedCarriers(portPath, hasConnected).Where(pid =>
            // One that loads the runtime and still has not connected after PausedProcessWatch's patience cannot reach the port: that watch names it.
            ProcessTree.Age(pid) is { } age && age < (ProcessTree.LoadsTheRuntime(pid) ? PausedProcessWatch.Patience : ExecGrace))];

    /// <summary>
    /// The processes below check still running that carry the port and never connected to it, once
    /// check stops waiting: a .NET process they start from then on connects to the port keeper, which
    /// resumes it unchecked, so check cannot say it left no scope open.
    /// </summary>
    public static List<int> StillCarrying(string portPath, Func<int, bool> hasConnected) => [.. UnconnectedCarriers(portPath, hasConnected)];

    private static IEnumerable<int> UnconnectedCarriers(string portPath, Func<int, bool> hasConnected) =>
        ProcessTree.Descendants(Environment.ProcessId).Where(pid =>
            !hasConnected(pid) && !ProcessTree.HasEnded(pid) && PortCarriers.Carries(pid, portPath) && !ProcessTree.DiagnosticsDisabled(pid));

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int SetProcessControl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
