using System.Runtime.CompilerServices;

namespace LeakScope.TestApp;

/// <summary>A tracked file dropped without dispose, "abandon", then found by the collector, "gc".</summary>
internal static class AbandonedFile
{
    public static void Abandon(string[] args, TextWriter output) => TrackAndDrop(output);

    public static void Collect(string[] args, TextWriter output)
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TrackAndDrop(TextWriter output)
    {
        _ = Scope.Track(new MemoryStream(), "file", "report.csv"); SiteReport.Write(output, "file");
    }
}
