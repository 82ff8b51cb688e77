using LeakScope.Cli.Tracing;

namespace LeakScope.Cli.Check;

/// <summary>Whether a process has ended, counting a zombie (exited, not yet reaped by its parent) as ended.</summary>
internal static class ProcessLiveness
{
    public static bool HasEnded(TargetProcess target)
    {
        if (!target.IsRunning())
        {
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // /proc/<pid>/stat is "pid (comm) state ..."; comm may hold spaces and parentheses.
            string stat = File.ReadAllText($"/proc/{target.Pid}/stat");
            int close = stat.LastIndexOf(')');
            return close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
