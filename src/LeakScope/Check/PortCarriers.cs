using System.Globalization;
using System.Text;

namespace LeakScope.Cli.Check;

/// <summary>
/// Whether any process still has a diagnostic port in its environment (<c>/proc/N/environ</c>):
/// it, or a .NET process it starts later, will connect to the port and wait there to be resumed.
/// Processes whose environment this user cannot read are not seen. Linux only; elsewhere none is.
/// </summary>
internal static class PortCarriers
{
    public static bool Any(string portPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // The path is followed by its ",connect,suspend" tags; the comma keeps a longer path from matching.
        byte[] needle = Encoding.UTF8.GetBytes(portPath + ",");
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(needle) >= 0)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }

        return false;
    }
}
