namespace LeakScope.Cli.Tests.Support;

/// <summary>The real dotnet-trace global tool, pinned in .config/dotnet-tools.json and restored once per run.</summary>
internal static class DotnetTraceTool
{
    private static readonly Lazy<string> s_restore = new(Restore);

    /// <summary>Starts <c>dotnet-trace collect</c> on the process; it stops by itself after <paramref name="duration"/>.</summary>
    public static ChildProcess Start(int pid, string providers, string output, TimeSpan duration)
    {
        Assert.Equal(string.Empty, s_restore.Value);
        ChildProcess tool = ChildProcess.Start(
            "sh",
            "-c",
            "cd \"$0\" && exec dotnet tool run dotnet-trace -- \"$@\"",
            CheckRunner.RepositoryRoot,
            "collect",
            "-p",
            pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--providers",
            providers,
            "-o",
            output,
            "--duration",
            duration.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture));
        tool.CloseInput();
        return tool;
    }

    /// <summary>The failure's output, or empty.</summary>
    private static string Restore()
    {
        using ChildProcess restore = ChildProcess.Start("sh", "-c", "cd \"$0\" && exec dotnet tool restore", CheckRunner.RepositoryRoot);
        restore.CloseInput();
        if (!restore.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            return "dotnet tool restore did not end within 5 minutes";
        }

        return restore.ExitCode == 0 ? string.Empty : $"dotnet tool restore failed:\n{restore.Output}\n{restore.Errors}";
    }
}
