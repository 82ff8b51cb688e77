using System.Globalization;

namespace LeakScope.Cli.Check;

/// <summary>What <c>/proc</c> says about the processes below check: Linux only; elsewhere nothing is found.</summary>
internal static class ProcessTree
{
    /// <summary>The processes below <paramref name="root"/>, from the parent field of /proc/N/stat.</summary>
    public static List<int> Descendants(int root)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (int pid in All())
        {
            if (ParentOf(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out List<int>? siblings))
                {
                    children[parent] = siblings = [];
                }

                siblings.Add(pid);
            }
        }

        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out int pid))
        {
            foreach (int child in children.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>.</summary>
    public static List<int> Children(int parent) => OperatingSystem.IsLinux() ? [.. All().Where(pid => ParentOf(pid) == parent)] : [];

    /// <summary>The runtime is loaded: a paused runtime has it mapped before it connects to a port.</summary>
    public static bool LoadsTheRuntime(int pid) => ReadText($"/proc/{pid}/maps").Contains("libcoreclr.so", StringComparison.Ordinal);

    /// <summary>A runtime with diagnostics off neither pauses nor connects.</summary>
    public static bool DiagnosticsDisabled(int pid) =>
        ReadText($"/proc/{pid}/environ").Split('\0').Any(v => v is "DOTNET_EnableDiagnostics=0" or "COMPlus_EnableDiagnostics=0" or "DOTNET_EnableDiagnostics_IPC=0");

    /// <summary>Exited but not reaped, or gone: it will start nothing more.</summary>
    public static bool HasEnded(int pid)
    {
        string stat = ReadText($"/proc/{pid}/stat");
        int close = stat.LastIndexOf(')');
        return close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X';
    }

    /// <summary>How long ago the process started, or null when it is gone.</summary>
    public static TimeSpan? Age(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return DateTime.Now - process.StartTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    private static IEnumerable<int> All()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }

    private static int? ParentOf(int pid)
    {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        string stat = ReadText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent) ? parent : null;
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
