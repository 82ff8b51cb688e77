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

    /// <summary>The processes this user can attach to; <paramref name="othersSkipped"/> counts those of other users.</summary>
    public static IReadOnlyList<DotnetProcess> List() => List(out _);

    public static IReadOnlyList<DotnetProcess> List(out int othersSkipped)
    {
        othersSkipped = 0;
        var found = new Dictionary<int, DotnetProcess>();
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        string directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : Path.GetTempPath();
        IEnumerable<string> sockets;
        try
        {
            sockets = Directory.EnumerateFiles(directory, SocketPrefix + "*-socket");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        foreach (string socket in sockets)
        {
            string[] parts = Path.GetFileName(socket)[SocketPrefix.Length..].Split('-');
            if (parts.Length >= 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && !found.ContainsKey(pid)
                && Directory.Exists($"/proc/{pid}"))
            {
                if (ProcessOwner.IsForeign(pid, out _))
                {
                    othersSkipped++;
                    continue;
                }

                found[pid] = new DotnetProcess(pid, ReadProcFile(pid, "comm").Trim(), ReadCommandLine(pid));
            }
        }

        return [.. found.Values.OrderBy(p => p.Pid)];
    }

    public static string ReadCommandLine(int pid) => ReadProcFile(pid, "cmdline").Replace('\0', ' ').Trim();

    /// <summary>
    /// The name to show for a process: the app's assembly name when the dotnet host runs one
    /// ("dotnet testhost.dll", "dotnet exec --depsfile ... testhost.dll"), else the process name
    /// with the dotnet command it runs ("dotnet test").
    /// </summary>
    public static string AppName(int pid, string processName) => AppName(ReadProcFile(pid, "cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries), processName);

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
