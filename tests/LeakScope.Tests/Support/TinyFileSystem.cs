using System.Diagnostics;

namespace LeakScope.Cli.Tests.Support;

/// <summary>
/// A tmpfs of a few KB, for tests of a full disk. Mounting needs root (CI runs as root); elsewhere
/// <see cref="TryMount"/> returns null and those tests only check their setup.
/// </summary>
internal sealed class TinyFileSystem : IDisposable
{
    private TinyFileSystem(string path) => Path = path;

    public string Path { get; }

    public static TinyFileSystem? TryMount(string parent, string size)
    {
        string path = System.IO.Path.Combine(parent, "tiny");
        Directory.CreateDirectory(path);
        return Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path) ? new TinyFileSystem(path) : null;
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static bool Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
