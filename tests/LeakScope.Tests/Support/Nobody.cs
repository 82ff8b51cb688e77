namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// The unprivileged user <c>nobody</c>, for tests that need a second local user. Only root can
/// switch to it (CI runs as root); elsewhere those tests return early.
/// </summary>
internal static class Nobody
{
    public static bool WeAreRoot => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal));

    public static string Uid => File.ReadLines("/etc/passwd").Select(l => l.Split(':')).First(f => f[0] == "nobody")[2];

    /// <summary>Runs a .NET app of <paramref name="readableCopy"/> (a directory nobody can read) as nobody.</summary>
    public static ChildProcess StartDotnet(ReadableToolCopy readableCopy, string assemblyFileName, params string[] arguments) =>
        Start([ChildProcess.DotnetHost, Path.Combine(readableCopy.Directory, assemblyFileName), .. arguments]);

    /// <summary>Runs a command as nobody through <c>env</c>: leading <c>NAME=value</c> arguments set variables.</summary>
    public static ChildProcess Start(params string[] command) =>
        ChildProcess.Start("runuser", ["-u", "nobody", "--", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp", .. command]);
}
