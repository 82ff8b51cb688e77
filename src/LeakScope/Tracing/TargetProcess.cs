using System.Diagnostics;
using System.Globalization;
using LeakScope.Cli.Reporting;

namespace LeakScope.Cli.Tracing;

/// <summary>The process a command attaches to, identified before connecting so errors can name it.</summary>
internal sealed record TargetProcess(int Pid, string Name, DateTimeOffset? StartTime)
{
    /// <summary>
    /// Where sessions connect instead of the runtime's own socket found by pid: the bridge to a
    /// runtime that connected to <c>--diagnostic-port</c>, or a socket named with <c>--diagnostic-socket</c>.
    /// </summary>
    public string? DiagnosticAddress { get; init; }

    /// <summary>
    /// False for a process in a pid namespace this one cannot see (another container): <see cref="Pid"/>
    /// is the process's own, and names nothing here, so /proc is never asked about it.
    /// </summary>
    public bool Visible { get; init; } = true;

    /// <summary>
    /// Its pid in its own pid namespace, when it was found by that pid through a socket in this temp
    /// directory (<see cref="NamespaceSockets"/>); <see cref="Pid"/> is its pid here when <see cref="Visible"/>.
    /// </summary>
    public int? NamespacePid { get; init; }

    public static TargetProcess FromPid(int pid)
    {
        if (pid <= 0)
        {
            throw new LeakScopeException(ReturnCode.UsageError, $"'{pid}' is not a valid process id.");
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return new TargetProcess(pid, DotnetProcesses.DisplayName(pid, process.ProcessName), TryGetStartTime(process));
        }
        catch (ArgumentException)
        {
            throw new LeakScopeException(ReturnCode.TargetNotFound, $"No process with id {pid} is running.");
        }
        catch (InvalidOperationException)
        {
            throw new LeakScopeException(ReturnCode.TargetNotFound, $"Process {pid} has exited.");
        }
    }

    /// <summary>The process 'leakscope ps' shows with this name, or whose executable has it (so "dotnet" finds an app the host runs).</summary>
    public static TargetProcess FromName(string name)
    {
        DotnetProcess[] matches = [.. DotnetProcesses.List().Where(p => p.Name == name || p.Executable == name)];
        return matches.Length switch
        {
            0 => throw new LeakScopeException(ReturnCode.TargetNotFound, $"No .NET process named '{name}' is running (see 'leakscope ps')."),
            1 => FromPid(matches[0].Pid),
            _ => throw new LeakScopeException(
                ReturnCode.UsageError,
                $"{matches.Length} .NET processes are named '{name}': {string.Join(", ", matches.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Pid} ({p.Name})")))}; give one with -p PID."),
        };
    }

    public bool IsRunning()
    {
        if (!Visible)
        {
            // Unknown from here; its event stream ending is what says it is gone.
            return true;
        }

        try
        {
            using Process process = Process.GetProcessById(Pid);
            return !process.HasExited && TryGetStartTime(process) == StartTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stopped by a signal (SIGSTOP, SIGTSTP) or a debugger: it answers nothing until continued.
    /// Linux only; elsewhere, or when unreadable, false.
    /// </summary>
    public bool IsStopped()
    {
        if (!OperatingSystem.IsLinux() || !Visible)
        {
            return false;
        }

        try
        {
            // /proc/<pid>/stat is "pid (comm) state ..."; comm may hold spaces and parentheses.
            string stat = File.ReadAllText($"/proc/{Pid}/stat");
            int close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'T' or 't';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public override string ToString() => NamespacePid switch
    {
        null => string.Create(CultureInfo.InvariantCulture, $"{DisplayText.Escape(Name)} ({Pid})"),
        int own when Visible => string.Create(CultureInfo.InvariantCulture, $"{DisplayText.Escape(Name)} ({Pid}; pid {own} in its pid namespace)"),
        int own => string.Create(CultureInfo.InvariantCulture, $"{DisplayText.Escape(Name)} (pid {own} in another pid namespace)"),
    };

    private static DateTimeOffset? TryGetStartTime(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
