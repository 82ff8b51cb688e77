using System.Globalization;
using System.Text;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Finds processes with a .NET diagnostic endpoint. DiagnosticsClient.GetPublishedProcesses would
/// do, but as root on Linux it trips over kernel threads while it reads them; listing the runtime's
/// diagnostic sockets in the temp directory is what it does at heart, and needs no access to the
/// processes themselves (never their environment).
/// </summary>
internal static class DotnetProcesses
{
    private const string SocketPrefix = "dotnet-diagnostic-";

    /// <summary>The processes this user can attach to, whose diagnostic sockets are their own.</summary>
    public static IReadOnlyList<DotnetProcess> List() => List(out _, out _);

    /// <param name="othersSkipped">How many processes of other users were left out.</param>
    /// <param name="impersonated">Processes left out because a socket named for them is another user's (<see cref="DiagnosticSocket"/>).</param>
    public static IReadOnlyList<DotnetProcess> List(out int othersSkipped, out IReadOnlyList<int> impersonated)
    {
        othersSkipped = 0;
        var suspicious = new List<int>();
        impersonated = suspicious;
        var found = new List<DotnetProcess>();
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        ILookup<int, string> socketsByPid = DiagnosticSocket.ListByPid();
        foreach (IGrouping<int, string> sockets in socketsByPid)
        {
            int pid = sockets.Key;

            // Processes of other pid namespaces sharing this temp directory, by the pid their sockets carry; never the process of that pid here.
            IReadOnlyList<NamespacedSocket> elsewhere = NamespaceSockets.Elsewhere(pid, sockets, out bool localListens);
            foreach (NamespacedSocket socket in elsewhere)
            {
                if (FromOtherNamespace(socket) is { } process)
                {
                    found.Add(process);
                }
                else
                {
                    othersSkipped++;
                }
            }

            // Listed for its runtime's own socket; a dsrouter's alone does not make a .NET process.
            if (sockets.Any(path => Path.GetFileName(path).StartsWith(SocketPrefix + pid.ToString(CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal))
                && (elsewhere.Count == 0 || localListens)
                && IsProcess(pid))
            {
                if (ProcessOwner.IsForeign(pid, out _))
                {
                    othersSkipped++;
                    continue;
                }

                if (DiagnosticSocket.FindForeign(pid, sockets.Except(elsewhere.Select(s => s.Path))) is not null)
                {
                    suspicious.Add(pid);
                    continue;
                }

                found.Add(Local(pid));
            }
        }

        suspicious.Sort();
        return [.. found.OrderBy(p => p.Pid).ThenBy(p => p.OtherNamespace)];
    }

    private static DotnetProcess Local(int pid)
    {
        string[] arguments = ReadArguments(pid);
        string executable = WholeName(arguments, ReadProcFile(pid, "comm").TrimEnd('\n'));
        return new DotnetProcess(pid, AppName(arguments, executable), executable, string.Join(' ', arguments));
    }

    /// <summary>A process of another pid namespace, named from /proc when visible here, else by what its runtime tells; null when it is another user's.</summary>
    private static DotnetProcess? FromOtherNamespace(NamespacedSocket socket)
    {
        if (socket.Visible)
        {
            return ProcessOwner.IsForeign(socket.Listener.Pid, out _)
                ? null
                : Local(socket.Listener.Pid) with { Pid = socket.NamespacePid, OtherNamespace = true, PidHere = socket.Listener.Pid };
        }

        if (socket.Listener.Uid != 0 && socket.Listener.Uid.ToString(CultureInfo.InvariantCulture) != ProcessOwner.CurrentUid)
        {
            return null;
        }

        (string Name, string CommandLine) told;
        try
        {
            told = NamespaceSockets.DescribeAsync(socket, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (LeakScopeException)
        {
            told = ("(not answering)", string.Empty);
        }

        string[] arguments = told.CommandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new DotnetProcess(socket.NamespacePid, told.Name, arguments.Length > 0 ? Path.GetFileName(arguments[0]) : string.Empty, told.CommandLine) { OtherNamespace = true };
    }

    /// <summary>
    /// A running process, not a thread: /proc/&lt;tid&gt; of any thread exists too (hidden from listings),
    /// and a socket left by a killed process can carry a number that is now some process's thread id.
    /// </summary>
    private static bool IsProcess(int pid)
    {
        foreach (string line in ReadProcFile(pid, "status").Split('\n'))
        {
            if (line.StartsWith("Tgid:", StringComparison.Ordinal))
            {
                return int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int group) && group == pid;
            }
        }

        return false;
    }

    /// <summary>The value a variable had when the process started (its initial environment), or null.</summary>
    public static string? ReadEnvironmentVariable(int pid, string name)
    {
        string prefix = name + "=";
        return ReadProcFile(pid, "environ").Split('\0').FirstOrDefault(entry => entry.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    public static string ReadCommandLine(int pid) => string.Join(' ', ReadArguments(pid));

    /// <summary>
    /// The name leakscope shows for a process and -n finds it by, as 'leakscope ps' lists it: the
    /// app's name for 'dotnet app.dll' (<see cref="AppName(int, string)"/>), else the executable's
    /// whole name, which the kernel's process name cuts at 15 characters.
    /// </summary>
    public static string DisplayName(int pid, string processName)
    {
        string[] arguments = ReadArguments(pid);
        return AppName(arguments, WholeName(arguments, processName));
    }

    /// <summary>
    /// The name <see cref="DisplayName"/> gives, from a command line joined by spaces (as the runtime
    /// writes it into a recording); null when it is empty. A path holding spaces is cut at the first.
    /// </summary>
    public static string? NameFromCommandLine(string commandLine)
    {
        string[] arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (arguments.Length == 0)
        {
            return null;
        }

        // Recorded on Windows too (dotnet-trace there): either separator ends the directory.
        string executable = arguments[0][(arguments[0].LastIndexOfAny(['/', '\\']) + 1)..];
        return AppName(arguments, executable.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? executable[..^4] : executable);
    }

    /// <summary>
    /// The kernel keeps a process name of at most 15 characters (comm, TASK_COMM_LEN); the
    /// executable named in the command line is whole. Used only when it starts with that name, so a
    /// process that rewrote its command line keeps the kernel's name.
    /// </summary>
    internal static string WholeName(string[] arguments, string comm)
    {
        const int CommLength = 15;
        if (comm.Length < CommLength || arguments.Length == 0)
        {
            return comm;
        }

        string executable = Path.GetFileName(arguments[0]);
        return executable.Length > comm.Length && executable.StartsWith(comm, StringComparison.Ordinal) ? executable : comm;
    }

    /// <summary>
    /// The name to show for a process: the app's assembly name when the dotnet host runs one
    /// ("dotnet testhost.dll", "dotnet exec --depsfile ... testhost.dll"), else the process name
    /// with the dotnet command it runs ("dotnet test").
    /// </summary>
    public static string AppName(int pid, string processName) => AppName(ReadArguments(pid), processName);

    internal static string AppName(string[] arguments, string processName)
    {
        static bool IsAssembly(string argument) => argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        if (arguments.Length < 2 || Path.GetFileNameWithoutExtension(arguments[0]) != "dotnet")
        {
            return processName;
        }

        string? assembly = IsAssembly(arguments[1]) ? arguments[1]
            : arguments[1] == "exec" ? arguments.Skip(2).FirstOrDefault(IsAssembly)
            : null;
        return assembly is not null ? Path.GetFileNameWithoutExtension(assembly)
            : arguments[1].StartsWith('-') ? processName
            : processName + " " + arguments[1];
    }

    private static string[] ReadArguments(int pid) => ReadProcFile(pid, "cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static string ReadProcFile(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{name}", Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
