using System.Runtime.CompilerServices;

namespace LeakScope.TestApp;

/// <summary>Tells the test which line a scenario enters its scopes on, so assertions never hard-code lines.</summary>
internal static class SiteReport
{
    public static void Write(TextWriter output, string kind, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        output.WriteLine($"site {kind} {Path.GetFileName(file)} {line}");
}
