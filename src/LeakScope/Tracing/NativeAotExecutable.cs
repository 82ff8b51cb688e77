using System.Text;

namespace LeakScope.Cli.Tracing;

/// <summary>
/// Tells a NativeAOT .NET app from any other native process: its executable exports the symbol
/// <c>DotNetRuntimeDebugHeader</c> (what debuggers and SOS look for). Such an app has a diagnostic
/// server only when it was published with EventSource support (<c>EventSourceSupport=true</c>; off by
/// default for NativeAOT), so one without a diagnostic socket runs without EventSource.
/// </summary>
internal static class NativeAotExecutable
{
    // The name is in the ELF dynamic string table, near the start of the file; a bound keeps a huge binary cheap.
    private const int MaxBytesSearched = 64 * 1024 * 1024;

    private static readonly byte[] s_marker = Encoding.ASCII.GetBytes("\0DotNetRuntimeDebugHeader\0");

    /// <summary>Whether process <paramref name="pid"/> runs a NativeAOT executable (Linux; false elsewhere or when unreadable).</summary>
    public static bool Runs(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var file = new FileStream($"/proc/{pid}/exe", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            byte[] bytes = new byte[(int)Math.Min(file.Length, MaxBytesSearched)];
            int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return bytes.AsSpan(0, read).IndexOf(s_marker) >= 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
