using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>Whether a process has ended, counting a zombie (exited, not yet reaped by its parent) as ended.</summary>
internal static class ProcessLiveness
{
    public static bool HasEnded(TargetProcess target) => !target.IsRunning() || (OperatingSystem.IsLinux() && ProcessTree.HasEnded(target.Pid));
}
