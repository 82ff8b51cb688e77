namespace LeakScope.Cli.Check;

/// <summary>
/// Whether a process that has not answered yet could still use LeakScope.Runtime: its app ships the
/// assembly (beside the app, or named in a deps.json there) or has loaded it. An app whose first
/// scope comes late is then waited for like one that answered, while a build server or a reused
/// MSBuild node, which ships no such assembly and never ends, is not.
/// </summary>
internal static class LeakScopeUse
{
    private const string AssemblyName = "LeakScope.Runtime";
    private const long MaxDepsFileBytes = 16 * 1024 * 1024;

    public static bool IsPossible(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Nothing to tell them apart by: wait as for a process that uses LeakScope.
            return true;
        }

        string proc = $"/proc/{pid}";
        if (ReadText(Path.Combine(proc, "maps")).Contains(AssemblyName + ".dll", StringComparison.Ordinal))
        {
            return true;
        }

        return AppDirectories(proc).Any(ShipsLeakScope);
    }

    /// <summary>The directories of the app: its apphost's, and those of the assemblies and deps files its command line names.</summary>
    private static IEnumerable<string> AppDirectories(string proc)
    {
        string? workingDirectory = ReadLink(Path.Combine(proc, "cwd"));
        string? executable = ReadLink(Path.Combine(proc, "exe"));
        if (executable is not null && Path.GetFileNameWithoutExtension(executable) != "dotnet" && Path.GetDirectoryName(executable) is { } hostDirectory)
        {
            yield return hostDirectory;
        }

        foreach (string argument in ReadText(Path.Combine(proc, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!argument.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !argument.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string full = Path.IsPathRooted(argument) || workingDirectory is null ? argument : Path.Combine(workingDirectory, argument);
            if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
            {
                yield return directory;
            }
        }
    }

    private static bool ShipsLeakScope(string directory)
    {
        try
        {
            return File.Exists(Path.Combine(directory, AssemblyName + ".dll"))
                || Directory.EnumerateFiles(directory, "*.deps.json")
                    .Where(f => new FileInfo(f).Length <= MaxDepsFileBytes)
                    .Any(f => File.ReadAllText(f).Contains('"' + AssemblyName, StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
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

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
