using System.Globalization;
using System.Text;

namespace LeakScope.Cli.Check;

/// <summary>
/// Whether processes have a diagnostic port in their environment (<c>/proc/N/environ</c>): such a
/// process, or a .NET process it starts later, connects to the port and waits there to be resumed.
/// Processes whose environment this user cannot read are not seen. Linux only; elsewhere none is.
/// </summary>
internal static class PortCarriers
{
    /// <summary>Whether any process but this one carries the port.</summary>
    public static bool Any(string portPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte[] needle = Needle(portPath);
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && Carries(pid, needle))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Carries(int pid, string portPath) => OperatingSystem.IsLinux() && Carries(pid, Needle(portPath));

    /// <summary>The path is followed by its ",connect,suspend" tags; the comma keeps a longer path from matching.</summary>
    private static byte[] Needle(string portPath) => Encoding.UTF8.GetBytes(portPath + ",");

    private static bool Carries(int pid, byte[] needle)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(needle) >= 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or another user's.
            return false;
        }
    }
}
